// The scheduler against a real `k8ts server`: Node objects created through the API, pods scheduled by the
// scheduler running in this process and bound through pods/binding.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../test/e2e/harness.js";
import { loadKubeconfig } from "../client/rest/config.js";
import { RestClient, type ResourceClient } from "../client/rest/client.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { EventRecorder } from "../client/record/recorder.js";
import { silentLogger } from "../client/log.js";
import { clientFor } from "../client/index.js";
import { pods as podsRT } from "../api/core/v1/pod.js";
import { nodes as nodesRT } from "../api/core/v1/node.js";
import { events as eventsRT } from "../api/core/v1/event.js";
import { priorityClasses as pcRT } from "../api/scheduling/v1/priorityclass.js";
import { createScheduler } from "./scheduler.js";
import { makeNode, makePod } from "./testing/wrappers.js";
import type { Node, Pod } from "./framework/types.js";

const zone = "topology.kubernetes.io/zone";
const host = "kubernetes.io/hostname";

let server: RunningServer;
let rest: RestClient;
let podsC: ResourceClient<any>;
let nodesC: ResourceClient<any>;
let eventsC: ResourceClient<any>;
let informers: SharedInformerFactory;
const stop = new AbortController();
let running: Promise<void> | undefined;
/** Why the tests cannot run yet (the API server does not serve pods/binding), or "". */
let missing = "";

async function createNode(n: Node): Promise<void> {
  const created = await nodesC.create("", { ...n, status: undefined });
  await nodesC.updateStatus("", n.metadata.name!, { ...created, status: n.status });
}

async function createPod(p: Pod, ns = "default"): Promise<void> {
  const { uid: _uid, ...metadata } = p.metadata;
  await podsC.create(ns, { ...p, metadata, status: undefined });
}

/** Polls until `get` returns a value (a deadline, not a timing assertion: failing means it never happened). */
async function eventually<T>(what: string, get: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const nodeOf = async (name: string, ns = "default"): Promise<string | undefined> =>
  ((await podsC.get(ns, name)) as Pod).spec?.nodeName || undefined;

const boundNodes = (names: string[]) =>
  eventually(`${names.join(",")} bound`, async () => {
    const got = await Promise.all(names.map((n) => nodeOf(n)));
    return got.every(Boolean) ? (got as string[]) : undefined;
  });

before(async () => {
  server = await startServer({ extraArgs: ["--disable-scheduler", "--disable-controller-manager"] });
  const cfg = await loadKubeconfig(server.kubeconfig);
  rest = new RestClient({ ...cfg, qps: 500, burst: 1000 });
  podsC = clientFor(rest, podsRT);
  nodesC = clientFor(rest, nodesRT);
  eventsC = clientFor(rest, eventsRT);
  try {
    await rest.raw("POST", "/api/v1/namespaces/default/pods/probe/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "probe" },
      target: { kind: "Node", name: "none" },
    });
  } catch (e) {
    if ((e as { code?: number }).code === 405)
      missing = `the API server does not serve pods/binding yet: ${(e as Error).message}`;
  }
  if (missing) return;
  informers = new SharedInformerFactory(rest);
  const sched = createScheduler(
    {
      client: rest,
      informers,
      recorder: (component) => new EventRecorder({ events: eventsC, component }),
      log: silentLogger,
    },
    // Short backoff so retries after node changes are quick.
    { podInitialBackoffMs: 100, podMaxBackoffMs: 500 },
  );
  for (const [name, z] of [
    ["n1", "a"],
    ["n2", "a"],
    ["n3", "b"],
  ])
    await createNode(makeNode(name).label(zone, z).capacity({ cpu: "4", memory: "8Gi", pods: "110" }).obj());
  running = sched.run(stop.signal);
});

after(async () => {
  stop.abort();
  await running;
  rest.close();
  await server.stop();
});

test("spreads pods with a hostname topology spread constraint evenly", async (t) => {
  if (missing) return t.skip(missing);
  const names = ["s1", "s2", "s3", "s4", "s5", "s6"];
  for (const n of names)
    await createPod(
      makePod(n).label("app", "spread").spread(1, host, "DoNotSchedule", { app: "spread" }).obj(),
    );
  const placed = await boundNodes(names);
  const counts: Record<string, number> = {};
  for (const n of placed) counts[n] = (counts[n] ?? 0) + 1;
  assert.deepEqual(counts, { n1: 2, n2: 2, n3: 2 });
});

test("honours taints, tolerations, node affinity and pod anti-affinity", async (t) => {
  if (missing) return t.skip(missing);
  // Taint n3 through the API, as kubectl taint would.
  const n3 = await nodesC.get("", "n3");
  n3.spec = { ...n3.spec, taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] };
  await nodesC.update("", "n3", n3);
  // The scheduler's node informer (shared) has seen the taint before the pods are created.
  await eventually("the scheduler to see the taint", async () =>
    (informers.informerFor(nodesRT).lister.get("", "n3") as any)?.spec?.taints?.length ? true : undefined,
  );
  for (let i = 0; i < 4; i++) await createPod(makePod(`plain${i}`).obj());
  await createPod(
    makePod("tolerant").toleration("dedicated", "x", "NoSchedule").nodeAffinityIn(zone, ["b"]).obj(),
  );
  for (let i = 0; i < 3; i++)
    await createPod(
      makePod(`anti${i}`)
        .label("app", "anti")
        .toleration("dedicated", "x", "NoSchedule")
        .podAntiAffinity({ labelSelector: { matchLabels: { app: "anti" } }, topologyKey: host })
        .obj(),
    );
  const plain = await boundNodes(["plain0", "plain1", "plain2", "plain3"]);
  assert.ok(!plain.includes("n3"), `untolerating pods avoid the tainted node: ${plain}`);
  assert.deepEqual(await boundNodes(["tolerant"]), ["n3"]);
  const anti = await boundNodes(["anti0", "anti1", "anti2"]);
  assert.deepEqual([...anti].sort(), ["n1", "n2", "n3"]);
});

test("an unschedulable pod gets upstream's event and condition, and is scheduled once a node fits", async (t) => {
  if (missing) return t.skip(missing);
  await createPod(makePod("huge").req({ cpu: "16" }).obj());
  const want =
    "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: x}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.";
  const ev = await eventually("FailedScheduling", async () => {
    const list = await eventsC.list("default", { fieldSelector: "involvedObject.name=huge" });
    return list.items.find((e: any) => e.reason === "FailedScheduling");
  });
  assert.equal(ev.message, want);
  assert.equal(ev.type, "Warning");
  assert.equal(ev.source.component, "default-scheduler");
  const cond = await eventually("PodScheduled=False", async () => {
    const p = (await podsC.get("default", "huge")) as Pod;
    return p.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  });
  assert.equal(cond.reason, "Unschedulable");
  assert.equal(cond.message, want);

  await createNode(
    makeNode("big").label(zone, "c").capacity({ cpu: "32", memory: "64Gi", pods: "110" }).obj(),
  );
  assert.deepEqual(await boundNodes(["huge"]), ["big"]);
  const scheduled = await eventually("Scheduled event", async () => {
    const list = await eventsC.list("default", { fieldSelector: "involvedObject.name=huge" });
    return list.items.find((e: any) => e.reason === "Scheduled");
  });
  assert.equal(scheduled.message, "Successfully assigned default/huge to big");
});

test("pods for another schedulerName are left alone", async (t) => {
  if (missing) return t.skip(missing);
  await createPod(makePod("foreign").schedulerName("my-scheduler").obj());
  await createPod(makePod("ours-after").obj());
  await boundNodes(["ours-after"]);
  assert.equal(await nodeOf("foreign"), undefined);
  const list = await eventsC.list("default", { fieldSelector: "involvedObject.name=foreign" });
  assert.equal(list.items.length, 0);
});

test("a higher-priority pod preempts lower-priority pods and is nominated", async (t) => {
  if (missing) return t.skip(missing);
  const pcs = clientFor(rest, pcRT);
  await pcs.create("", {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "low" },
    value: 10,
  });
  await pcs.create("", {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "high" },
    value: 1000,
  });
  await createNode(
    makeNode("tiny")
      .label(zone, "d")
      .label("pool", "tiny")
      .capacity({ cpu: "2", memory: "4Gi", pods: "110" })
      .obj(),
  );
  for (const n of ["victim1", "victim2"]) {
    const p = makePod(n).req({ cpu: "1" }).nodeSelector({ pool: "tiny" });
    p.p.spec!.priorityClassName = "low";
    await createPod(p.obj());
  }
  await boundNodes(["victim1", "victim2"]);
  const hp = makePod("preemptor").req({ cpu: "2" }).nodeSelector({ pool: "tiny" });
  hp.p.spec!.priorityClassName = "high";
  await createPod(hp.obj());
  const preempted = await eventually("Preempted events", async () => {
    const list = await eventsC.list("default", {});
    const evs = list.items.filter((e: any) => e.reason === "Preempted");
    return evs.length === 2 ? evs : undefined;
  });
  assert.match(preempted[0].message, /^Preempted by pod .+ on node tiny$/);
  // The victims are deleted (the API server deletes pods without a kubelet at once or after grace).
  await eventually("victims gone or terminating", async () => {
    const list = await podsC.list("default", {});
    const left = list.items.filter(
      (p: any) => p.metadata.name.startsWith("victim") && !p.metadata.deletionTimestamp,
    );
    return left.length === 0 ? true : undefined;
  });
  const p = (await podsC.get("default", "preemptor")) as Pod;
  assert.ok(
    p.status?.nominatedNodeName === "tiny" || p.spec?.nodeName === "tiny",
    "nominated to or bound on tiny",
  );
});
