import { test } from "node:test";
import assert from "node:assert/strict";
import { ControllerRefManager } from "./refmanager.js";
import { ApiError } from "../../client/rest/errors.js";

const rsKind = { group: "apps", version: "v1", kind: "ReplicaSet" };
const owner = { metadata: { name: "web", namespace: "ns", uid: "rs-1" } };

function obj(
  name: string,
  labels: Record<string, string>,
  ownerUID?: string,
  o: { deleting?: boolean; ns?: string } = {},
) {
  return {
    metadata: {
      name,
      namespace: o.ns ?? "ns",
      uid: `${name}-uid`,
      labels,
      deletionTimestamp: o.deleting ? "2025-01-01T00:00:00Z" : undefined,
      ownerReferences: ownerUID
        ? [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "x", uid: ownerUID, controller: true }]
        : undefined,
    },
  };
}

function manager(controller = owner, canAdopt: () => Promise<void> = async () => {}, finalizers?: string[]) {
  const patches: { name: string; patch: any }[] = [];
  const m = new ControllerRefManager({
    controller,
    controllerKind: rsKind,
    claimedKind: "Pod",
    patch: async (_ns, name, patch) => {
      patches.push({ name, patch });
      if (name === "gone") throw new ApiError(404, { reason: "NotFound", message: "not found" });
    },
    canAdopt,
    finalizers,
  });
  return { m, patches };
}

const match = (o: { metadata: { labels: Record<string, string> } }) => o.metadata.labels.app === "web";

test("claim adopts matching orphans, keeps its own, releases non-matching, ignores others'", async () => {
  const { m, patches } = manager();
  const objs = [
    obj("orphan", { app: "web" }),
    obj("mine", { app: "web" }, "rs-1"),
    obj("stray", { app: "db" }, "rs-1"),
    obj("theirs", { app: "web" }, "rs-2"),
    obj("orphan-other", { app: "db" }),
    obj("orphan-deleting", { app: "web" }, undefined, { deleting: true }),
    obj("orphan-elsewhere", { app: "web" }, undefined, { ns: "other" }),
  ];
  const claimed = await m.claim(objs, match);
  assert.deepEqual(
    claimed.map((o) => o.metadata.name),
    ["orphan", "mine"],
  );
  const byName = Object.fromEntries(patches.map((p) => [p.name, p.patch]));
  assert.deepEqual(Object.keys(byName).sort(), ["orphan", "stray"]);
  assert.deepEqual(byName.orphan, {
    metadata: {
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web",
          uid: "rs-1",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      uid: "orphan-uid",
    },
  });
  assert.deepEqual(byName.stray, {
    metadata: { ownerReferences: [{ $patch: "delete", uid: "rs-1" }], uid: "stray-uid" },
  });
});

test("a controller being deleted neither adopts nor releases", async () => {
  const { m, patches } = manager({
    metadata: { ...owner.metadata, deletionTimestamp: "2025-01-01T00:00:00Z" } as any,
  });
  const claimed = await m.claim(
    [obj("orphan", { app: "web" }), obj("stray", { app: "db" }, "rs-1"), obj("mine", { app: "web" }, "rs-1")],
    match,
  );
  assert.deepEqual(
    claimed.map((o) => o.metadata.name),
    ["mine"],
  );
  assert.equal(patches.length, 0);
});

test("adoption fails with upstream's message when the controller has just been deleted; asked once", async () => {
  let asked = 0;
  const { m } = manager(owner, async () => {
    asked++;
    throw new Error("ns/web has just been deleted at 2025-01-01T00:00:00Z");
  });
  await assert.rejects(
    m.claim([obj("a", { app: "web" }), obj("b", { app: "web" })], match),
    /can't adopt Pod ns\/a \(a-uid\): ns\/web has just been deleted/,
  );
  assert.equal(asked, 1);
});

test("an object that vanished during adoption is simply not claimed", async () => {
  const { m } = manager();
  assert.deepEqual(await m.claim([obj("gone", { app: "web" })], match), []);
});

test("with finalizers, adoption adds them and release removes them", async () => {
  const { m, patches } = manager(owner, async () => {}, ["batch.kubernetes.io/job-tracking"]);
  await m.claim([obj("orphan", { app: "web" }), obj("stray", { app: "db" }, "rs-1")], match);
  const byName = Object.fromEntries(patches.map((p) => [p.name, p.patch.metadata]));
  assert.deepEqual(byName.orphan.finalizers, ["batch.kubernetes.io/job-tracking"]);
  assert.deepEqual(byName.stray["$deleteFromPrimitiveList/finalizers"], ["batch.kubernetes.io/job-tracking"]);
});
