// Integration: the ReplicaSet controller alone against a real API server: adoption, release, replacement,
// and scale-down choosing pods as upstream ranks them.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { newReplicaSetController } from "./controller.js";
import { clientFor } from "../../client/index.js";
import { pods } from "../../api/core/v1/pod.js";
import { replicasets } from "../../api/apps/v1/replicaset.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(newReplicaSetController);
  c.readyPods();
});
after(async () => c?.stop());

const rsManifest = (replicas: number) => `
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: front}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: front}}
  template:
    metadata: {labels: {app: front}}
    spec: {containers: [{name: web, image: nginx}]}
`;

const pc = () => clientFor<any>(c.client, pods);
const owned = async (uid: string) =>
  (await pc().list("default")).items.filter(
    (p) => !p.metadata.deletionTimestamp && p.metadata.ownerReferences?.[0]?.uid === uid,
  );

test("release, replacement, adoption and ranked scale-down", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: rsManifest(2) }));
  const rs = await eventually("the ReplicaSet", () =>
    clientFor<any>(c.client, replicasets).get("default", "front"),
  );
  const two = await eventually("2 pods", async () => {
    const l = await owned(rs.metadata.uid);
    return l.length === 2 ? l : undefined;
  });
  await eventually("status", async () => {
    const x = await clientFor<any>(c.client, replicasets).get("default", "front");
    return x.status.readyReplicas === 2 &&
      x.status.availableReplicas === 2 &&
      x.status.fullyLabeledReplicas === 2 &&
      x.status.observedGeneration === x.metadata.generation
      ? x
      : undefined;
  });

  // A pod relabelled out of the selector is released and replaced.
  ok(await c.server.kubectl(["label", "pod", two[0].metadata.name, "app=elsewhere", "--overwrite"]));
  const released = await eventually("released", async () => {
    const p = await pc().get("default", two[0].metadata.name);
    return p.metadata.ownerReferences === undefined ? p : undefined;
  });
  assert.equal(released.metadata.labels.app, "elsewhere");
  await eventually("a replacement", async () =>
    (await owned(rs.metadata.uid)).length === 2 ? true : undefined,
  );

  // Relabelled back, the orphan is adopted; now one too many, and the one with the lowest deletion cost goes.
  const keep = (await owned(rs.metadata.uid)).map((p) => p.metadata.name);
  for (const name of keep)
    ok(await c.server.kubectl(["annotate", "pod", name, "controller.kubernetes.io/pod-deletion-cost=100"]));
  ok(await c.server.kubectl(["label", "pod", released.metadata.name, "app=front", "--overwrite"]));
  await eventually("the adopted pod deleted as the cheapest", async () => {
    const p = await pc()
      .get("default", released.metadata.name)
      .catch(() => undefined);
    return !p || p.metadata.deletionTimestamp ? true : undefined;
  });
  assert.deepEqual((await owned(rs.metadata.uid)).map((p) => p.metadata.name).sort(), [...keep].sort());

  // Scale down to one: events tell which pod went.
  ok(await c.server.kubectl(["scale", "rs/front", "--replicas=1"]));
  await eventually("1 pod", async () => ((await owned(rs.metadata.uid)).length === 1 ? true : undefined));
  const ev = await eventually("a SuccessfulDelete event", async () => {
    const l = (await c.client.raw<any>("GET", "/api/v1/namespaces/default/events")).items;
    return l.find((e: any) => e.reason === "SuccessfulDelete" && e.involvedObject.name === "front");
  });
  assert.match(ev.message, /^Deleted pod: front-[a-z0-9]{5}$/);
  assert.equal(ev.involvedObject.kind, "ReplicaSet");
  assert.equal(ev.source.component, "replicaset-controller");
});
