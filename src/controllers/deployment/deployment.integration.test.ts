// Integration: the Deployment and ReplicaSet controllers against a real API server, driven with kubectl.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { newDeploymentController } from "./controller.js";
import { newReplicaSetController } from "../replicaset/controller.js";
import { clientFor } from "../../client/index.js";
import { pods } from "../../api/core/v1/pod.js";
import { replicasets } from "../../api/apps/v1/replicaset.js";
import { deployments } from "../../api/apps/v1/deployment.js";
import { events } from "../../api/core/v1/event.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(newDeploymentController, newReplicaSetController);
  // Pods labelled never=ready stay unready (the progress deadline test).
  c.readyPods((p) => p.metadata.labels?.never !== "ready");
});
after(async () => c?.stop());

const manifest = (name: string, image: string, replicas = 3) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: ${image}
`;

test("a Deployment of 3 makes a ReplicaSet and 3 pods named, labelled and owned as upstream", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest("web-app", "nginx:1.25") }));
  const rsc = clientFor<any>(c.client, replicasets);
  const rs = await eventually("the ReplicaSet", async () =>
    (await rsc.list("default")).items.find((r) => r.metadata.name.startsWith("web-app-")),
  );
  const hash = rs.metadata.labels["pod-template-hash"];
  assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(rs.metadata.name, `web-app-${hash}`);
  assert.deepEqual(rs.spec.selector.matchLabels, { app: "web-app", "pod-template-hash": hash });
  assert.equal(rs.metadata.annotations["deployment.kubernetes.io/revision"], "1");
  const d = await clientFor<any>(c.client, deployments).get("default", "web-app");
  assert.deepEqual(rs.metadata.ownerReferences, [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "web-app",
      uid: d.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  const pc = clientFor<any>(c.client, pods);
  const list = await eventually("3 pods", async () => {
    const l = (await pc.list("default", { labelSelector: "app=web-app" })).items;
    return l.length === 3 ? l : undefined;
  });
  for (const p of list) {
    assert.match(p.metadata.name, new RegExp(`^web-app-${hash}-[a-z0-9]{5}$`));
    assert.equal(p.metadata.generateName, `web-app-${hash}-`);
    assert.equal(p.metadata.labels["pod-template-hash"], hash);
    assert.deepEqual(p.metadata.ownerReferences, [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: rs.metadata.name,
        uid: rs.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
  }
  const status = ok(await c.server.kubectl(["rollout", "status", "deployment/web-app", "--timeout=30s"]));
  assert.match(status, /deployment "web-app" successfully rolled out/);
  const ev = await eventually("events", async () => {
    const l = (await clientFor<any>(c.client, events).list("default")).items;
    return l.some((e) => e.reason === "SuccessfulCreate") && l.some((e) => e.reason === "ScalingReplicaSet")
      ? l
      : undefined;
  });
  assert.ok(
    ev.some(
      (e) =>
        e.reason === "ScalingReplicaSet" &&
        e.message === `Scaled up replica set ${rs.metadata.name} from 0 to 3` &&
        e.source.component === "deployment-controller",
    ),
  );
  assert.ok(
    ev.some(
      (e) =>
        e.reason === "SuccessfulCreate" &&
        /^Created pod: web-app-/.test(e.message) &&
        e.source.component === "replicaset-controller",
    ),
  );
});

const rsc = () => clientFor<any>(c.client, replicasets);
const dc = () => clientFor<any>(c.client, deployments);
const podsOf = async (app: string) =>
  (await clientFor<any>(c.client, pods).list("default", { labelSelector: `app=${app}` })).items;

test("changing the image rolls within maxSurge and maxUnavailable (watched throughout)", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest("roll", "nginx:1.25", 4) }));
  ok(await c.server.kubectl(["rollout", "status", "deployment/roll", "--timeout=30s"]));
  // Watch every pod event during the update through the shared informer.
  // maxSurge bounds the ReplicaSets' replicas, as upstream's controller counts them (the sum of spec.replicas):
  // a pod of a ReplicaSet just scaled down may live on until its controller deletes it, so pods alone can
  // briefly exceed it, upstream as here.
  const inf = c.ctx.informers.informerFor<any>(pods);
  const rsInf = c.ctx.informers.informerFor<any>(replicasets);
  let maxActive = 0;
  let maxReplicas = 0;
  let minReady = Infinity;
  const observe = () => {
    const mine = inf.lister
      .list("default")
      .filter((p) => p.metadata.labels?.app === "roll" && !p.metadata.deletionTimestamp);
    maxActive = Math.max(maxActive, mine.length);
    minReady = Math.min(
      minReady,
      mine.filter((p) => p.status?.conditions?.some((x: any) => x.type === "Ready" && x.status === "True"))
        .length,
    );
  };
  const observeReplicaSets = () => {
    const sum = rsInf.lister
      .list("default")
      .filter((r) => r.metadata.name.startsWith("roll-"))
      .reduce((n, r) => n + (r.spec?.replicas ?? 0), 0);
    maxReplicas = Math.max(maxReplicas, sum);
  };
  inf.addEventHandler({ onAdd: observe, onUpdate: observe, onDelete: observe });
  rsInf.addEventHandler({
    onAdd: observeReplicaSets,
    onUpdate: observeReplicaSets,
    onDelete: observeReplicaSets,
  });
  ok(await c.server.kubectl(["set", "image", "deployment/roll", "web=nginx:1.26"]));
  const out = ok(await c.server.kubectl(["rollout", "status", "deployment/roll", "--timeout=60s"]));
  assert.match(out, /deployment "roll" successfully rolled out/);
  assert.ok(maxActive >= 4 && minReady <= 4 && maxReplicas >= 4, "the watches saw the update");
  assert.ok(maxReplicas <= 4 + 1, `at most replicas+maxSurge replicas (saw ${maxReplicas})`);
  assert.ok(minReady >= 4 - 1, `at least replicas-maxUnavailable ready (saw ${minReady})`);
  const mine = (await rsc().list("default")).items.filter((r) => r.metadata.name.startsWith("roll-"));
  assert.equal(mine.length, 2);
  const byRev = Object.fromEntries(
    mine.map((r) => [r.metadata.annotations["deployment.kubernetes.io/revision"], r]),
  );
  assert.equal(byRev["2"].spec.template.spec.containers[0].image, "nginx:1.26");
  assert.equal(byRev["2"].spec.replicas, 4);
  assert.equal(byRev["1"].spec.replicas, 0);
  const d = await dc().get("default", "roll");
  // The controller sets the Deployment's revision through /status, as upstream's status strategy allows.
  assert.equal(
    d.metadata.annotations?.["deployment.kubernetes.io/revision"],
    "2",
    "the API server must keep annotations written through deployments/status",
  );
  assert.equal(d.status.updatedReplicas, 4);
  assert.equal(d.status.observedGeneration, d.metadata.generation);
  assert.deepEqual(d.status.conditions.map((x: any) => [x.type, x.status, x.reason]).sort(), [
    ["Available", "True", "MinimumReplicasAvailable"],
    ["Progressing", "True", "NewReplicaSetAvailable"],
  ]);

  // kubectl rollout undo goes back to revision 1's template; that ReplicaSet becomes revision 3.
  ok(await c.server.kubectl(["rollout", "undo", "deployment/roll"]));
  ok(await c.server.kubectl(["rollout", "status", "deployment/roll", "--timeout=60s"]));
  const back = await rsc().get("default", byRev["1"].metadata.name);
  assert.equal(back.metadata.annotations["deployment.kubernetes.io/revision"], "3");
  assert.equal(back.metadata.annotations["deployment.kubernetes.io/revision-history"], "1");
  assert.equal(back.spec.replicas, 4);
  const history = ok(await c.server.kubectl(["rollout", "history", "deployment/roll"]));
  assert.match(history, /^2\s/m);
  assert.match(history, /^3\s/m);
});

test("kubectl scale up and down; a deleted pod is replaced", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest("scaled", "nginx:1.25", 2) }));
  ok(await c.server.kubectl(["rollout", "status", "deployment/scaled", "--timeout=30s"]));
  ok(await c.server.kubectl(["scale", "deployment/scaled", "--replicas=5"]));
  await eventually("5 pods", async () => ((await podsOf("scaled")).length === 5 ? true : undefined));
  ok(await c.server.kubectl(["scale", "deployment/scaled", "--replicas=1"]));
  await eventually("1 pod", async () =>
    (await podsOf("scaled")).filter((p) => !p.metadata.deletionTimestamp).length === 1 ? true : undefined,
  );
  const [only] = await podsOf("scaled");
  ok(await c.server.kubectl(["delete", "pod", only.metadata.name, "--wait=false"]));
  const replacement = await eventually("a replacement pod", async () =>
    (await podsOf("scaled")).find(
      (p) => p.metadata.name !== only.metadata.name && !p.metadata.deletionTimestamp,
    ),
  );
  assert.equal(replacement.metadata.ownerReferences[0].uid, only.metadata.ownerReferences[0].uid);
  ok(await c.server.kubectl(["rollout", "status", "deployment/scaled", "--timeout=30s"]));
  const rs = await rsc().get("default", only.metadata.ownerReferences[0].name);
  assert.equal(rs.metadata.annotations["deployment.kubernetes.io/desired-replicas"], "1");
});

test("pause holds a template change; resume rolls it; rollout restart makes a new revision", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest("paused", "nginx:1.25", 2) }));
  ok(await c.server.kubectl(["rollout", "status", "deployment/paused", "--timeout=30s"]));
  ok(await c.server.kubectl(["rollout", "pause", "deployment/paused"]));
  ok(await c.server.kubectl(["set", "image", "deployment/paused", "web=nginx:1.27"]));
  const d = await eventually("the paused condition", async () => {
    const x = await dc().get("default", "paused");
    return x.status.conditions?.find((k: any) => k.type === "Progressing" && k.reason === "DeploymentPaused")
      ? x
      : undefined;
  });
  assert.equal(
    d.status.conditions.find((k: any) => k.type === "Progressing").message,
    "Deployment is paused",
  );
  assert.equal(
    (await rsc().list("default")).items.filter((r) => r.metadata.name.startsWith("paused-")).length,
    1,
  );
  ok(await c.server.kubectl(["rollout", "resume", "deployment/paused"]));
  ok(await c.server.kubectl(["rollout", "status", "deployment/paused", "--timeout=60s"]));
  assert.equal(
    (await rsc().list("default")).items.filter((r) => r.metadata.name.startsWith("paused-")).length,
    2,
  );
  ok(await c.server.kubectl(["rollout", "restart", "deployment/paused"]));
  ok(await c.server.kubectl(["rollout", "status", "deployment/paused", "--timeout=60s"]));
  const all = (await rsc().list("default")).items.filter((r) => r.metadata.name.startsWith("paused-"));
  assert.equal(all.length, 3);
  const newest = all.find((r) => r.metadata.annotations["deployment.kubernetes.io/revision"] === "3")!;
  assert.ok(newest.spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]);
});

test("revisionHistoryLimit removes the oldest scaled-down ReplicaSets", async () => {
  ok(await c.server.kubectl(["apply", "-f", "-"], { input: manifest("hist", "nginx:1.0", 1) }));
  ok(await c.server.kubectl(["patch", "deployment/hist", "-p", '{"spec":{"revisionHistoryLimit":1}}']));
  for (const v of ["1.1", "1.2", "1.3"]) {
    ok(await c.server.kubectl(["set", "image", "deployment/hist", `web=nginx:${v}`]));
    ok(await c.server.kubectl(["rollout", "status", "deployment/hist", "--timeout=60s"]));
  }
  const left = await eventually("cleanup", async () => {
    const l = (await rsc().list("default")).items.filter((r) => r.metadata.name.startsWith("hist-"));
    return l.length === 2 ? l : undefined;
  });
  assert.deepEqual(left.map((r) => r.metadata.annotations["deployment.kubernetes.io/revision"]).sort(), [
    "3",
    "4",
  ]);
});

test("a progress deadline that passes is reported and fails kubectl rollout status", async () => {
  const m = manifest("stuck", "nginx:1.25", 1).replace(
    "spec:\n  replicas",
    "spec:\n  progressDeadlineSeconds: 1\n  replicas",
  );
  ok(
    await c.server.kubectl(["apply", "-f", "-"], {
      input: m.replace(/app: stuck/g, "app: stuck, never: ready"),
    }),
  );
  const d = await eventually(
    "ProgressDeadlineExceeded",
    async () => {
      const x = await dc().get("default", "stuck");
      return x.status?.conditions?.find((k: any) => k.reason === "ProgressDeadlineExceeded") ? x : undefined;
    },
    30_000,
  );
  const cond = d.status.conditions.find((k: any) => k.type === "Progressing");
  assert.equal(cond.status, "False");
  assert.match(cond.message, /^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/);
  const r = await c.server.kubectl(["rollout", "status", "deployment/stuck", "--timeout=10s"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /deployment "stuck" exceeded its progress deadline/);
});
