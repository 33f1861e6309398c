import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFieldSelector } from "./selector.js";

function sel(s: string) {
  const r = parseFieldSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

test("matches equality and inequality; missing fields are empty", () => {
  const s = sel("metadata.name=web,status.phase!=Running");
  assert.equal(s.matches({ "metadata.name": "web", "status.phase": "Pending" }), true);
  assert.equal(s.matches({ "metadata.name": "web", "status.phase": "Running" }), false);
  assert.equal(s.matches({ "metadata.name": "db" }), false);
  assert.equal(sel("spec.nodeName=").matches({}), true);
  assert.equal(sel("spec.nodeName==n1").matches({ "spec.nodeName": "n1" }), true);
  assert.equal(s.requiresExactMatch("metadata.name"), "web");
  assert.equal(s.requiresExactMatch("status.phase"), undefined);
});

test("escapes and errors as upstream", () => {
  assert.equal(sel("a=x\\,y").matches({ a: "x,y" }), true);
  assert.deepEqual(parseFieldSelector("a"), {
    ok: false,
    error: "invalid selector: 'a'; can't understand 'a'",
  });
  assert.deepEqual(parseFieldSelector("a=b=c"), {
    ok: false,
    error: "invalid field selector: unescaped character in value: 61",
  });
  assert.deepEqual(parseFieldSelector("a=b\\x"), {
    ok: false,
    error: "invalid field selector: invalid escape sequence: \\x",
  });
  assert.equal(sel("").empty, true);
});

test("transform rewrites labels or reports the error", () => {
  const t = sel("x=1").transform((f) =>
    f === "x" ? { error: `field label not supported: ${f}` } : { field: f, value: "" },
  );
  assert.deepEqual(t, { ok: false, error: "field label not supported: x" });
});
