import { test } from "node:test";
import assert from "node:assert/strict";
import { Heap } from "./heap.js";

test("Heap: pops in order; updates and deletes by key keep the order", () => {
  const h = new Heap<{ k: string; v: number }>(
    (x) => x.k,
    (a, b) => a.v < b.v,
  );
  for (const [k, v] of [
    ["a", 5],
    ["b", 1],
    ["c", 9],
    ["d", 3],
    ["e", 7],
  ] as const)
    h.addOrUpdate({ k, v });
  h.addOrUpdate({ k: "c", v: 0 }); // c moves to the front
  h.delete("d");
  assert.equal(h.has("d"), false);
  assert.equal(h.get("a")!.v, 5);
  const out: string[] = [];
  for (let x = h.pop(); x; x = h.pop()) out.push(x.k);
  assert.deepEqual(out, ["c", "b", "a", "e"]);
  assert.equal(h.size, 0);
});
