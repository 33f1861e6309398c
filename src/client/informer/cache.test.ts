import { test } from "node:test";
import assert from "node:assert/strict";
import { Indexer, Lister, keyOf, splitKey, byNamespace, namespaceIndex, type IndexFunc } from "./cache.js";
import type { KubeObject } from "../../api/meta/v1/types.js";

const pod = (ns: string, name: string, node?: string): KubeObject => ({
  metadata: { namespace: ns, name, resourceVersion: "1" },
  spec: { nodeName: node },
});
const byNode: IndexFunc<KubeObject> = (o) => [String((o.spec as { nodeName?: string }).nodeName ?? "")];

test("keys are ns/name, or name when cluster-scoped", () => {
  assert.equal(keyOf(pod("a", "b")), "a/b");
  assert.equal(keyOf({ metadata: { name: "n1" } }), "n1");
  assert.deepEqual(splitKey("a/b"), { namespace: "a", name: "b" });
  assert.deepEqual(splitKey("n1"), { namespace: "", name: "n1" });
});

test("indexes follow updates and deletes", () => {
  const c = new Indexer<KubeObject>({ [namespaceIndex]: byNamespace, node: byNode });
  c.set(pod("a", "p1", "n1"));
  c.set(pod("a", "p2", "n1"));
  c.set(pod("b", "p3", "n2"));
  assert.deepEqual(c.byIndex("node", "n1").map(keyOf).sort(), ["a/p1", "a/p2"]);
  c.set(pod("a", "p2", "n2")); // moved
  assert.deepEqual(c.byIndex("node", "n1").map(keyOf), ["a/p1"]);
  assert.deepEqual(c.byIndex("node", "n2").map(keyOf).sort(), ["a/p2", "b/p3"]);
  c.delete("b/p3");
  assert.deepEqual(c.byIndex("node", "n2").map(keyOf), ["a/p2"]);
  assert.throws(() => c.byIndex("nope", "x"), /no indexer named nope/);
  const l = new Lister(c);
  assert.equal(l.list("a").length, 2);
  assert.equal(l.list().length, 2);
  assert.equal(l.get("a", "p1")?.metadata.name, "p1");
  assert.equal(l.get("a", "zzz"), undefined);
});
