import { test } from "node:test";
import assert from "node:assert/strict";
import { Indexer, Lister } from "../../client/informer/cache.js";
import { ApiError } from "../../client/rest/errors.js";
import type { Namespace } from "../../api/core/v1/namespace.js";
import type { ServiceAccount } from "../../api/core/v1/serviceaccount.js";
import { syncNamespace } from "./controller.js";

function world() {
  const ns = new Indexer<Namespace>();
  const sa = new Indexer<ServiceAccount>();
  const created: ServiceAccount[] = [];
  return {
    ns,
    sa,
    created,
    nsLister: new Lister(ns),
    saLister: new Lister(sa),
    create: async (s: ServiceAccount) => void created.push(s),
  };
}

test("an active namespace without a default ServiceAccount gets one", async () => {
  const w = world();
  w.ns.set({ metadata: { name: "team" }, status: { phase: "Active" } });
  await syncNamespace("team", w.nsLister, w.saLister, w.create);
  assert.deepEqual(w.created, [
    { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: "team" } },
  ]);
});

test("nothing is created when it exists, or the namespace is terminating or gone", async () => {
  const w = world();
  w.ns.set({ metadata: { name: "team" }, status: { phase: "Active" } });
  w.sa.set({ metadata: { name: "default", namespace: "team" } });
  w.ns.set({ metadata: { name: "leaving" }, status: { phase: "Terminating" } });
  for (const n of ["team", "leaving", "gone"]) await syncNamespace(n, w.nsLister, w.saLister, w.create);
  assert.deepEqual(w.created, []);
});

test("AlreadyExists (a lagging cache) is success; other errors are retried", async () => {
  const w = world();
  w.ns.set({ metadata: { name: "team" }, status: { phase: "Active" } });
  await syncNamespace("team", w.nsLister, w.saLister, async () => {
    throw new ApiError(409, { reason: "AlreadyExists", message: 'serviceaccounts "default" already exists' });
  });
  await assert.rejects(
    syncNamespace("team", w.nsLister, w.saLister, async () => {
      throw new ApiError(500, { reason: "InternalError", message: "boom" });
    }),
    /boom/,
  );
});
