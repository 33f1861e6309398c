import { test } from "node:test";
import assert from "node:assert/strict";
import { GraphBuilder, type GraphEvent, type GraphObject } from "./graph.js";
import { ReferenceCache } from "./identity.js";

function setup() {
  const toDelete: string[] = [];
  const toOrphan: string[] = [];
  const invalid: string[] = [];
  const g = new GraphBuilder(
    {
      attemptToDelete: (n) => toDelete.push(n.identity.name),
      attemptToOrphan: (n) => toOrphan.push(n.identity.name),
      invalidNamespaceOwnerRef: (dep) => invalid.push(dep.identity.name),
    },
    new ReferenceCache(),
  );
  return { g, toDelete, toOrphan, invalid };
}

const ref = (kind: string, name: string, o: { block?: boolean; apiVersion?: string } = {}) => ({
  apiVersion: o.apiVersion ?? (kind === "Pod" ? "v1" : "apps/v1"),
  kind,
  name,
  uid: `${name}-uid`,
  controller: true,
  blockOwnerDeletion: o.block ?? true,
});
const obj = (
  name: string,
  owners: ReturnType<typeof ref>[] = [],
  o: { ns?: string; deleting?: boolean; finalizers?: string[] } = {},
): GraphObject => ({
  metadata: {
    name,
    namespace: o.ns ?? "ns",
    uid: `${name}-uid`,
    ownerReferences: owners,
    deletionTimestamp: o.deleting ? "2025-01-01T00:00:00Z" : undefined,
    finalizers: o.finalizers,
  },
});
const ev = (type: GraphEvent["type"], kind: string, o: GraphObject, oldObj?: GraphObject): GraphEvent => ({
  type,
  kind,
  apiVersion: kind === "Pod" ? "v1" : "apps/v1",
  obj: o,
  oldObj,
});

test("dependents link to owners; an owner not yet seen is a virtual node to verify", () => {
  const { g, toDelete } = setup();
  g.process(ev("add", "Pod", obj("pod", [ref("ReplicaSet", "rs")])));
  const owner = g.uidToNode.get("rs-uid")!;
  assert.equal(owner.virtual, true);
  assert.deepEqual(owner.identity, {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    name: "rs",
    uid: "rs-uid",
    namespace: "ns",
  });
  assert.deepEqual(toDelete, ["rs"]);
  g.process(ev("add", "ReplicaSet", obj("rs", [ref("Deployment", "d")])));
  assert.equal(owner.virtual, false);
  assert.equal(owner.observed, true);
  assert.deepEqual(
    [...owner.dependents].map((n) => n.identity.name),
    ["pod"],
  );
  assert.deepEqual(
    [...g.uidToNode.get("d-uid")!.dependents].map((n) => n.identity.name),
    ["rs"],
  );
});

test("an owner's deletion sends its dependents to attemptToDelete", () => {
  const { g, toDelete } = setup();
  g.process(ev("add", "ReplicaSet", obj("rs")));
  g.process(ev("add", "Pod", obj("a", [ref("ReplicaSet", "rs")])));
  g.process(ev("add", "Pod", obj("b", [ref("ReplicaSet", "rs")])));
  toDelete.length = 0;
  g.process(ev("delete", "ReplicaSet", obj("rs")));
  assert.deepEqual(toDelete.sort(), ["a", "b"]);
  assert.equal(g.uidToNode.has("rs-uid"), false);
});

test("foreground deletion marks the owner and queues it with its dependents; orphan goes to attemptToOrphan", () => {
  const { g, toDelete, toOrphan } = setup();
  const d = obj("d");
  g.process(ev("add", "Deployment", d));
  g.process(ev("add", "ReplicaSet", obj("rs", [ref("Deployment", "d")])));
  toDelete.length = 0;
  const deleting = obj("d", [], { deleting: true, finalizers: ["foregroundDeletion"] });
  g.process(ev("update", "Deployment", deleting, d));
  assert.equal(g.uidToNode.get("d-uid")!.deletingDependents, true);
  assert.deepEqual(toDelete.sort(), ["d", "rs"]);
  // Seeing the same state again is no new transition.
  toDelete.length = 0;
  g.process(ev("update", "Deployment", deleting, deleting));
  assert.deepEqual(toDelete, []);
  g.process(ev("update", "ReplicaSet", obj("rs", [], { deleting: true, finalizers: ["orphan"] }), obj("rs")));
  assert.deepEqual(toOrphan, ["rs"]);
});

test("removing a blocking reference or unblocking it wakes the owner", () => {
  const { g, toDelete } = setup();
  g.process(ev("add", "ReplicaSet", obj("rs")));
  g.process(ev("add", "Pod", obj("p", [ref("ReplicaSet", "rs")])));
  toDelete.length = 0;
  g.process(ev("update", "Pod", obj("p", [ref("ReplicaSet", "rs", { block: false })])));
  assert.deepEqual(toDelete, ["rs"]);
  assert.equal(g.uidToNode.get("rs-uid")!.blockingDependents().length, 0);
  g.process(ev("update", "Pod", obj("p", [])));
  assert.equal(g.uidToNode.get("rs-uid")!.dependents.size, 0);
});

test("a dependent's deletion wakes an owner that is deleting in the foreground", () => {
  const { g, toDelete } = setup();
  g.process(ev("add", "ReplicaSet", obj("rs", [], { deleting: true, finalizers: ["foregroundDeletion"] })));
  g.process(ev("add", "Pod", obj("p", [ref("ReplicaSet", "rs")])));
  toDelete.length = 0;
  g.process(ev("delete", "Pod", obj("p", [ref("ReplicaSet", "rs")])));
  assert.deepEqual(toDelete, ["rs"]);
});

test("a virtual delete removes a virtual owner only for dependents that agree on its coordinates", () => {
  const { g, toDelete } = setup();
  g.process(ev("add", "Pod", obj("a", [ref("ReplicaSet", "rs")])));
  g.process(ev("add", "Pod", obj("b", [{ ...ref("ReplicaSet", "rs"), kind: "StatefulSet" }])));
  toDelete.length = 0;
  g.process({
    type: "delete",
    virtual: true,
    kind: "ReplicaSet",
    apiVersion: "apps/v1",
    obj: { metadata: { name: "rs", namespace: "ns", uid: "rs-uid" } },
  });
  // "a" is verified ownerless; the node stays, now under b's coordinates, to be verified in turn.
  assert.ok(toDelete.includes("a"));
  const n = g.uidToNode.get("rs-uid")!;
  assert.equal(n.identity.kind, "StatefulSet");
  assert.ok(toDelete.includes("rs"));
});

test("an owner in another namespace is reported and the dependent re-checked", () => {
  const { g, toDelete, invalid } = setup();
  g.process(ev("add", "ReplicaSet", obj("rs", [], { ns: "other" })));
  toDelete.length = 0;
  g.process(ev("add", "Pod", obj("p", [ref("ReplicaSet", "rs")])));
  assert.deepEqual(invalid, ["p"]);
  assert.deepEqual(toDelete, ["p"]);
});
