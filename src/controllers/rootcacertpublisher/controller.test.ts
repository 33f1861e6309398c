import { test } from "node:test";
import assert from "node:assert/strict";
import { Indexer, Lister } from "../../client/informer/cache.js";
import type { Namespace } from "../../api/core/v1/namespace.js";
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import { description, syncNamespace } from "./controller.js";

function world() {
  const ns = new Indexer<Namespace>();
  const cm = new Indexer<ConfigMap>();
  const writes: [string, string, ConfigMap][] = [];
  return {
    ns,
    cm,
    writes,
    run: (name: string) =>
      syncNamespace(name, "CA", new Lister(ns), new Lister(cm), {
        create: async (n, c) => void writes.push(["create", n, c]),
        update: async (n, c) => void writes.push(["update", n, c]),
      }),
  };
}

test("an active namespace gets kube-root-ca.crt; a changed one is corrected; terminating ones are left", async () => {
  const w = world();
  w.ns.set({ metadata: { name: "a" }, status: { phase: "Active" } });
  w.ns.set({ metadata: { name: "gone" }, status: { phase: "Terminating" } });
  assert.equal(await w.run("a"), "created");
  assert.equal(await w.run("gone"), undefined);
  assert.equal(await w.run("missing"), undefined);
  assert.deepEqual(w.writes[0][2].data, { "ca.crt": "CA" });
  assert.equal(w.writes[0][2].metadata.annotations?.["kubernetes.io/description"], description);
  w.cm.set({ ...w.writes[0][2], data: { "ca.crt": "OLD", extra: "x" } });
  assert.equal(await w.run("a"), "updated");
  assert.deepEqual(w.writes[1][2].data, { "ca.crt": "CA" });
  w.cm.set(w.writes[1][2]);
  assert.equal(await w.run("a"), undefined);
  assert.equal(w.writes.length, 2);
});
