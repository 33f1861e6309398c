import { test } from "node:test";
import assert from "node:assert/strict";
import { World, deployment } from "./world.test-support.js";
import { rolloutRolling } from "./rolling.js";
import { rollback, getRollbackTo } from "./rollback.js";
import { replicasOf } from "./types.js";

async function settle(w: World) {
  for (let i = 0; i < 10; i++) {
    await rolloutRolling(w, structuredClone(w.d), w.list());
    w.settle(replicasOf);
  }
}

test("the deprecated rollbackTo annotation restores that revision's template and is cleared", async () => {
  const w = new World(deployment({ replicas: 2 }));
  await settle(w);
  w.d.spec!.template.spec!.containers[0].image = "nginx:2";
  await settle(w);
  w.d.metadata.annotations = { ...w.d.metadata.annotations, "deprecated.deployment.rollback.to": "1" };
  assert.equal(getRollbackTo(w.d), 1);
  await rollback(w, structuredClone(w.d), w.list());
  assert.equal(w.d.spec!.template.spec!.containers[0].image, "nginx:1");
  assert.equal(
    w.d.spec!.template.metadata!.labels!["pod-template-hash"],
    undefined,
    "hash label not copied back",
  );
  assert.equal(getRollbackTo(w.d), undefined);
  assert.ok(w.events.includes('Normal DeploymentRollback Rolled back deployment "web" to revision 1'));
});

test("rolling back to an unknown revision or the current template only clears the request", async () => {
  const w = new World(deployment({ replicas: 1 }));
  await settle(w);
  w.d.metadata.annotations = { ...w.d.metadata.annotations, "deprecated.deployment.rollback.to": "9" };
  await rollback(w, structuredClone(w.d), w.list());
  assert.ok(
    w.events.includes(
      "Warning DeploymentRollbackRevisionNotFound Unable to find the revision to rollback to.",
    ),
  );
  assert.equal(getRollbackTo(w.d), undefined);
  w.d.metadata.annotations = { ...w.d.metadata.annotations, "deprecated.deployment.rollback.to": "1" };
  await rollback(w, structuredClone(w.d), w.list());
  assert.ok(
    w.events.includes(
      'Warning DeploymentRollbackTemplateUnchanged The rollback revision contains the same template as current deployment "web"',
    ),
  );
  w.d.metadata.annotations = { ...w.d.metadata.annotations, "deprecated.deployment.rollback.to": "0" };
  await rollback(w, structuredClone(w.d), w.list());
  assert.ok(w.events.includes("Warning DeploymentRollbackRevisionNotFound Unable to find last revision."));
});
