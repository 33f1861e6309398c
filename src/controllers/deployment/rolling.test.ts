import { test } from "node:test";
import assert from "node:assert/strict";
import { World, deployment } from "./world.test-support.js";
import { rolloutRolling } from "./rolling.js";
import { rolloutRecreate } from "./recreate.js";
import { replicasOf } from "./types.js";
import { podTemplateHashLabel } from "./types.js";

/** Runs sync rounds; pods a ReplicaSet asked for become available one round later. */
async function rollOut(w: World, check: (w: World) => void, rounds = 50): Promise<number> {
  const prev = new Map<string, number>(
    [...w.rss.values()].map((rs) => [rs.metadata.name!, rs.status?.availableReplicas ?? 0]),
  );
  for (let i = 0; i < rounds; i++) {
    await rolloutRolling(w, structuredClone(w.d), w.list());
    check(w);
    w.settle((rs) => prev.get(rs.metadata.name!) ?? 0);
    for (const rs of w.rss.values()) prev.set(rs.metadata.name!, replicasOf(rs));
    w.clock += 1000;
    const image = w.d.spec?.template.spec?.containers[0].image;
    const done = [...w.rss.values()].every((rs) => {
      const isNew = rs.spec?.template?.spec?.containers[0].image === image;
      const want = isNew ? replicasOf(w.d) : 0;
      return replicasOf(rs) === want && (rs.status?.availableReplicas ?? 0) === want;
    });
    if (done) {
      // One more sync observes the settled state.
      await rolloutRolling(w, structuredClone(w.d), w.list());
      return i + 1;
    }
  }
  throw new Error("rollout did not finish");
}

test("a rolling update stays within maxSurge and maxUnavailable all the way", async () => {
  for (const [surge, unavailable] of [
    [3, 2],
    ["25%", "25%"],
    [0, 1],
    [1, 0],
    ["100%", "0%"],
  ] as const) {
    const w = new World(deployment({ replicas: 10, surge, unavailable }));
    // The first rollout creates revision 1 and brings it up.
    await rollOut(w, () => {});
    assert.equal(w.rss.size, 1);
    const [first] = w.rss.values();
    assert.equal(first.metadata.annotations?.["deployment.kubernetes.io/revision"], "1");
    assert.equal(first.metadata.name, `web-${first.metadata.labels![podTemplateHashLabel]}`);
    assert.equal(
      first.spec?.selector.matchLabels?.[podTemplateHashLabel],
      first.metadata.labels![podTemplateHashLabel],
    );
    assert.deepEqual(first.metadata.ownerReferences, [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: "d-uid",
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    // Change the image and watch every step.
    w.d.spec!.template.spec!.containers[0].image = "nginx:2";
    w.d.metadata.generation = 2;
    const [maxS, maxU] =
      typeof surge === "number" ? [surge, unavailable as number] : surge === "25%" ? [3, 2] : [10, 0];
    let sawBoth = false;
    await rollOut(w, (w) => {
      const rss = [...w.rss.values()];
      const total = rss.reduce((n, rs) => n + replicasOf(rs), 0);
      const available = rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
      assert.ok(total <= 10 + maxS, `total ${total} exceeds ${10 + maxS} (${surge}/${unavailable})`);
      assert.ok(
        available >= 10 - maxU,
        `available ${available} below ${10 - maxU} (${surge}/${unavailable})`,
      );
      if (rss.filter((rs) => replicasOf(rs) > 0).length > 1) sawBoth = true;
    });
    assert.ok(sawBoth || maxU >= 10, "old and new ran side by side");
    assert.equal(w.rss.size, 2);
    const newRS = [...w.rss.values()].find(
      (rs) => rs.spec?.template?.spec?.containers[0].image === "nginx:2",
    )!;
    assert.equal(newRS.metadata.annotations?.["deployment.kubernetes.io/revision"], "2");
    assert.equal(w.d.metadata.annotations?.["deployment.kubernetes.io/revision"], "2");
    assert.equal(w.d.status?.updatedReplicas, 10);
    const progressing = w.d.status?.conditions?.find((c) => c.type === "Progressing");
    assert.equal(progressing?.reason, "NewReplicaSetAvailable");
    assert.equal(progressing?.message, `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`);
  }
});

test("scaling events carry upstream's messages", async () => {
  const w = new World(deployment({ replicas: 3, surge: 1, unavailable: 0 }));
  await rollOut(w, () => {});
  const [first] = w.rss.values();
  assert.equal(
    w.events[0],
    `Normal ScalingReplicaSet Scaled up replica set ${first.metadata.name} from 0 to 3`,
  );
  w.d.spec!.template.spec!.containers[0].image = "nginx:2";
  await rollOut(w, () => {});
  const second = [...w.rss.values()].find((rs) => rs.metadata.name !== first.metadata.name)!;
  assert.ok(
    w.events.includes(`Normal ScalingReplicaSet Scaled up replica set ${second.metadata.name} from 0 to 1`),
  );
  assert.ok(
    w.events.includes(`Normal ScalingReplicaSet Scaled down replica set ${first.metadata.name} from 3 to 2`),
  );
});

test("a template change back to an old revision reuses its ReplicaSet and records revision-history", async () => {
  const w = new World(deployment({ replicas: 2, surge: 1, unavailable: 0 }));
  await rollOut(w, () => {});
  w.d.spec!.template.spec!.containers[0].image = "nginx:2";
  await rollOut(w, () => {});
  // kubectl rollout undo: the template goes back (here without the hash label, as kubectl sends it).
  w.d.spec!.template.spec!.containers[0].image = "nginx:1";
  await rollOut(w, () => {});
  assert.equal(w.rss.size, 2);
  const v1 = [...w.rss.values()].find((rs) => rs.spec?.template?.spec?.containers[0].image === "nginx:1")!;
  assert.equal(v1.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
  assert.equal(v1.metadata.annotations?.["deployment.kubernetes.io/revision-history"], "1");
  assert.equal(w.d.metadata.annotations?.["deployment.kubernetes.io/revision"], "3");
});

test("Recreate scales the old ReplicaSet to zero before creating the new one", async () => {
  const w = new World(deployment({ replicas: 3, strategy: "Recreate" }));
  const noPods = new Map();
  for (let i = 0; i < 5; i++) {
    await rolloutRecreate(w, structuredClone(w.d), w.list(), noPods);
    w.settle(replicasOf);
  }
  assert.equal(w.rss.size, 1);
  w.d.spec!.template.spec!.containers[0].image = "nginx:2";
  // Old pods still running: no new ReplicaSet yet.
  const old = [...w.rss.values()][0];
  const running = new Map([[old.metadata.uid!, [{ status: { phase: "Running" } }]]]);
  await rolloutRecreate(w, structuredClone(w.d), w.list(), running);
  assert.equal(replicasOf(w.rss.get(old.metadata.name!)!), 0);
  assert.equal(w.rss.size, 1, "scaled down first");
  w.settle(replicasOf);
  await rolloutRecreate(w, structuredClone(w.d), w.list(), running);
  assert.equal(w.rss.size, 1, "waits for old pods to stop");
  await rolloutRecreate(w, structuredClone(w.d), w.list(), new Map([[old.metadata.uid!, []]]));
  assert.equal(w.rss.size, 2);
  const created = [...w.rss.values()].find((rs) => rs.metadata.name !== old.metadata.name)!;
  assert.equal(replicasOf(created), 3);
});
