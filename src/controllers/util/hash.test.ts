import { test } from "node:test";
import assert from "node:assert/strict";
import { computeHash, fnv32a, safeEncodeString, canonicalJSON } from "./hash.js";

const bytes = (s: string) => new TextEncoder().encode(s);

test("fnv32a matches the FNV-1a 32-bit test vectors", () => {
  assert.equal(fnv32a(bytes("")), 0x811c9dc5);
  assert.equal(fnv32a(bytes("a")), 0xe40c292c);
  assert.equal(fnv32a(bytes("foobar")), 0xbf9cf968);
  // Chunks hash as their concatenation.
  assert.equal(fnv32a(bytes("foo"), bytes("bar")), 0xbf9cf968);
});

test("safeEncodeString maps decimal digits onto upstream's alphabet", () => {
  assert.equal(safeEncodeString("0123456789"), "456789bcdf");
});

test("computeHash ignores key order, depends on content and collisionCount", () => {
  const a = {
    metadata: { labels: { app: "web", tier: "fe" } },
    spec: { containers: [{ name: "c", image: "nginx" }] },
  };
  const b = {
    spec: { containers: [{ image: "nginx", name: "c" }] },
    metadata: { labels: { tier: "fe", app: "web" } },
  };
  assert.equal(computeHash(a), computeHash(b));
  assert.notEqual(
    computeHash(a),
    computeHash({ ...a, spec: { containers: [{ name: "c", image: "nginx:2" }] } }),
  );
  assert.notEqual(computeHash(a, 1), computeHash(a));
  assert.notEqual(computeHash(a, 1), computeHash(a, 2));
  assert.match(computeHash(a, 7), /^[456789bcdf]{1,10}$/);
});

test("canonicalJSON sorts keys at every level and drops undefined", () => {
  assert.equal(
    canonicalJSON({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
  );
});
