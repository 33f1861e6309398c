import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { ApiError } from "../../client/rest/errors.js";
import { silentLogger } from "../../client/log.js";
import { GraphBuilder } from "./graph.js";
import { GarbageCollector, RequeueItem } from "./collector.js";
import { ReferenceCache, type ObjectIdentity } from "./identity.js";
import type { ObjectAccess } from "./access.js";

/** An in-memory stand-in for the API server, recording what the collector asks of it. */
class Store implements ObjectAccess {
  objects = new Map<string, KubeObject>();
  calls: string[] = [];
  put(o: KubeObject) {
    this.objects.set(o.metadata.name!, structuredClone(o));
  }
  isNamespaced(_a: string, kind: string) {
    if (kind === "Unknown") throw new Error("no mapping");
    return kind !== "Node";
  }
  async get(id: ObjectIdentity) {
    const o = this.objects.get(id.name);
    if (!o) throw new ApiError(404, { reason: "NotFound", message: `${id.name} not found` });
    return structuredClone(o);
  }
  async delete(id: ObjectIdentity, policy: string) {
    this.calls.push(`delete ${id.name} ${policy}`);
  }
  async patch(id: ObjectIdentity, type: string, patch: any) {
    this.calls.push(`patch ${id.name} ${type} ${JSON.stringify(patch)}`);
    const o = this.objects.get(id.name)!;
    if (type === "merge" && "finalizers" in patch.metadata)
      o.metadata.finalizers = patch.metadata.finalizers ?? undefined;
    return structuredClone(o);
  }
}

const meta = (
  name: string,
  owners: string[] = [],
  o: { deleting?: boolean; finalizers?: string[]; block?: boolean } = {},
): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: {
    name,
    namespace: "ns",
    uid: `${name}-uid`,
    resourceVersion: "5",
    deletionTimestamp: o.deleting ? "2025-01-01T00:00:00Z" : undefined,
    finalizers: o.finalizers,
    ownerReferences: owners.map((n) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: n,
      uid: `${n}-uid`,
      controller: true,
      blockOwnerDeletion: o.block ?? true,
    })),
  },
});

function setup() {
  const store = new Store();
  const queued: string[] = [];
  const virtualDeletes: string[] = [];
  const absent = new ReferenceCache();
  const graph = new GraphBuilder(
    { attemptToDelete: (n) => queued.push(n.identity.name), attemptToOrphan: () => {} },
    absent,
  );
  const gc = new GarbageCollector(
    store,
    absent,
    {
      enqueueVirtualDeleteEvent: (id) => virtualDeletes.push(id.name),
      attemptToDelete: (n) => queued.push(n.identity.name),
      nodeFor: (uid) => graph.uidToNode.get(uid),
    },
    silentLogger,
  );
  const see = (o: KubeObject, type: "add" | "update" = "add", old?: KubeObject) =>
    graph.process({ type, obj: o, oldObj: old, apiVersion: o.apiVersion!, kind: o.kind! });
  return { store, gc, graph, see, queued, virtualDeletes };
}

test("an object whose owner is gone is deleted in the background; with a live owner it stays", async () => {
  const { store, gc, see } = setup();
  store.put(meta("orphaned", ["gone"]));
  store.put(meta("owned", ["d"]));
  store.put({ ...meta("d"), kind: "Deployment" });
  see(meta("orphaned", ["gone"]));
  see(meta("owned", ["d"]));
  await gc.processAttemptToDelete("orphaned-uid");
  await gc.processAttemptToDelete("owned-uid");
  assert.deepEqual(store.calls, ["delete orphaned Background"]);
});

test("dangling references next to a live owner are removed, not the object", async () => {
  const { store, gc, see } = setup();
  store.put({ ...meta("d"), kind: "Deployment" });
  store.put(meta("rs", ["d", "gone"]));
  see(meta("rs", ["d", "gone"]));
  await gc.processAttemptToDelete("rs-uid");
  assert.deepEqual(store.calls, [
    `patch rs strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"gone-uid"}],"uid":"rs-uid"}}`,
  ]);
});

test("a virtual owner that does not exist becomes a virtual delete event", async () => {
  const { gc, see, virtualDeletes } = setup();
  see(meta("rs", ["ghost"]));
  await gc.processAttemptToDelete("ghost-uid");
  assert.deepEqual(virtualDeletes, ["ghost"]);
});

test("a virtual owner that exists but was not observed yet is retried", async () => {
  const { store, gc, see } = setup();
  store.put({ ...meta("d"), kind: "Deployment" });
  see(meta("rs", ["d"]));
  await assert.rejects(gc.processAttemptToDelete("d-uid"), RequeueItem);
});

test("foreground: dependents of an owner waiting on them go (in the foreground if they have their own); then the finalizer", async () => {
  const { store, gc, see, graph } = setup();
  const d = { ...meta("d", [], { deleting: true, finalizers: ["foregroundDeletion"] }), kind: "Deployment" };
  store.put(d);
  store.put(meta("rs", ["d"]));
  see(d);
  see(meta("rs", ["d"]));
  see({
    ...meta("pod"),
    kind: "Pod",
    apiVersion: "v1",
    metadata: {
      ...meta("pod").metadata,
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "rs",
          uid: "rs-uid",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
  });
  await gc.processAttemptToDelete("rs-uid");
  assert.deepEqual(store.calls, ["delete rs Foreground"], "rs has a pod, so it too goes in the foreground");
  store.calls.length = 0;
  // The owner still has a blocking dependent: nothing to remove yet, the dependent is queued again.
  await gc.processAttemptToDelete("d-uid");
  assert.deepEqual(store.calls, []);
  // The dependent is gone: the finalizer comes off with the resourceVersion as precondition.
  graph.process({ type: "delete", obj: meta("rs", ["d"]), apiVersion: "apps/v1", kind: "ReplicaSet" });
  await gc.processAttemptToDelete("d-uid");
  assert.deepEqual(store.calls, [`patch d merge {"metadata":{"resourceVersion":"5","finalizers":null}}`]);
});

test("orphan: the owner is removed from every dependent, then the orphan finalizer", async () => {
  const { store, gc, see } = setup();
  const d = { ...meta("d", [], { deleting: true, finalizers: ["orphan", "other"] }), kind: "Deployment" };
  store.put(d);
  store.put(meta("rs1", ["d"]));
  store.put(meta("rs2", ["d"]));
  see(d);
  see(meta("rs1", ["d"]));
  see(meta("rs2", ["d"]));
  await gc.processAttemptToOrphan("d-uid");
  assert.deepEqual(store.calls.slice(0, 2).sort(), [
    `patch rs1 strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"d-uid"}],"uid":"rs1-uid"}}`,
    `patch rs2 strategic {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"d-uid"}],"uid":"rs2-uid"}}`,
  ]);
  assert.equal(store.calls[2], `patch d merge {"metadata":{"resourceVersion":"5","finalizers":["other"]}}`);
});

test("an object without owners, or already being deleted, is left alone", async () => {
  const { store, gc, see } = setup();
  store.put(meta("free"));
  store.put(meta("going", ["gone"], { deleting: true }));
  see(meta("free"));
  see(meta("going", ["gone"], { deleting: true }));
  await gc.processAttemptToDelete("free-uid");
  await gc.processAttemptToDelete("going-uid");
  assert.deepEqual(store.calls, []);
});
