// Integration: kubectl delete --cascade=background|foreground|orphan against a real API server with the
// Deployment, ReplicaSet and garbage collector controllers running.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { newDeploymentController } from "../deployment/controller.js";
import { newReplicaSetController } from "../replicaset/controller.js";
import { newGarbageCollectorController } from "./controller.js";
import { clientFor } from "../../client/index.js";
import { pods } from "../../api/core/v1/pod.js";
import { replicasets } from "../../api/apps/v1/replicaset.js";
import { deployments } from "../../api/apps/v1/deployment.js";
import { configMaps } from "../../api/core/v1/configmap.js";
import { isNotFound } from "../../client/rest/errors.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(newDeploymentController, newReplicaSetController, newGarbageCollectorController);
  c.readyPods();
});
after(async () => c?.stop());

const manifest = (name: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: web, image: nginx}]}
`;

const rsOf = async (app: string) =>
  (await clientFor<any>(c.client, replicasets).list("default", { labelSelector: `app=${app}` })).items;
const podsOf = async (app: string) =>
  (await clientFor<any>(c.client, pods).list("default", { labelSelector: `app=${app}` })).items;
const gone = async (get: () => Promise<unknown>) => {
  try {
    await get();
    return undefined;
  } catch (e) {
    return isNotFound(e) ? true : undefined;
  }
};

async function deploy(name: string) {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest(name) }));
  ok(await c.server.kubectl(["rollout", "status", `deployment/${name}`, "--timeout=30s"]));
  assert.equal((await podsOf(name)).length, 2);
}

test("background: the Deployment goes at once, its ReplicaSet and pods after it", async () => {
  await deploy("bg");
  ok(await c.server.kubectl(["delete", "deployment", "bg", "--cascade=background"]));
  await eventually("ReplicaSet collected", async () => ((await rsOf("bg")).length === 0 ? true : undefined));
  await eventually("pods collected", async () => ((await podsOf("bg")).length === 0 ? true : undefined));
});

test("foreground: dependents are deleted first, then the owner's finalizer comes off", async () => {
  await deploy("fg");
  const r = await c.server.kubectl(["delete", "deployment", "fg", "--cascade=foreground"]);
  ok(r);
  assert.match(r.stdout, /deployment.apps "fg" deleted/);
  // kubectl waited for the Deployment itself to be gone; by then nothing of it may remain.
  assert.ok(await gone(() => clientFor<any>(c.client, deployments).get("default", "fg")));
  assert.equal((await rsOf("fg")).length, 0);
  assert.equal((await podsOf("fg")).filter((p) => !p.metadata.deletionTimestamp).length, 0);
});

test("orphan: the owner goes and its dependents stay, without the ownerReference", async () => {
  await deploy("orph");
  ok(await c.server.kubectl(["delete", "deployment", "orph", "--cascade=orphan"]));
  assert.ok(await gone(() => clientFor<any>(c.client, deployments).get("default", "orph")));
  const [rs] = await rsOf("orph");
  assert.ok(rs, "the ReplicaSet stays");
  assert.equal(rs.metadata.ownerReferences, undefined);
  assert.equal((await podsOf("orph")).length, 2);
  // The orphaned ReplicaSet still manages its pods; deleting it in the background collects them.
  ok(await c.server.kubectl(["delete", "rs", rs.metadata.name]));
  await eventually("pods collected", async () => ((await podsOf("orph")).length === 0 ? true : undefined));
});

test("any owned object is collected once its owner is gone, even of a kind no controller manages", async () => {
  const cm = clientFor<any>(c.client, configMaps);
  const owner = await cm.create("default", { metadata: { name: "owner" }, data: {} });
  await cm.create("default", {
    metadata: {
      name: "dependent",
      ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: owner.metadata.uid }],
    },
  });
  // An owner that never existed: the dependent goes too.
  await cm.create("default", {
    metadata: {
      name: "dangling",
      ownerReferences: [
        { apiVersion: "v1", kind: "ConfigMap", name: "nobody", uid: "00000000-0000-0000-0000-000000000000" },
      ],
    },
  });
  await eventually("dangling collected", () => gone(() => cm.get("default", "dangling")));
  assert.ok(await cm.get("default", "dependent"));
  await cm.delete("default", "owner");
  await eventually("dependent collected", () => gone(() => cm.get("default", "dependent")));
});
