import { test } from "node:test";
import assert from "node:assert/strict";
import { parseLabelSelector, labelSelectorAsSelector, selectorFromSet } from "./selector.js";

function sel(s: string) {
  const r = parseLabelSelector(s);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}
function err(s: string): string {
  const r = parseLabelSelector(s);
  assert.equal(r.ok, false, `expected ${JSON.stringify(s)} to fail`);
  return (r as { error: string }).error;
}

test("equality-based selectors", () => {
  const s = sel("app=web,tier!=db");
  assert.equal(s.matches({ app: "web" }), true);
  assert.equal(s.matches({ app: "web", tier: "fe" }), true);
  assert.equal(s.matches({ app: "web", tier: "db" }), false);
  assert.equal(s.matches({ app: "api" }), false);
  assert.equal(s.matches(undefined), false);
  assert.equal(sel("app==web").matches({ app: "web" }), true);
  assert.equal(s.toString(), "app=web,tier!=db");
});

test("set-based selectors", () => {
  const s = sel("env in (prod, staging),!legacy,tier notin (db)");
  assert.equal(s.matches({ env: "prod" }), true);
  assert.equal(s.matches({ env: "prod", legacy: "" }), false);
  assert.equal(s.matches({ env: "dev" }), false);
  assert.equal(s.matches({ env: "staging", tier: "db" }), false);
  assert.equal(sel("gpu").matches({ gpu: "" }), true);
  assert.equal(sel("gpu").matches({}), false);
  assert.equal(s.toString(), "env in (prod,staging),!legacy,tier notin (db)");
});

test("gt and lt compare integers", () => {
  assert.equal(sel("v>3").matches({ v: "4" }), true);
  assert.equal(sel("v>3").matches({ v: "3" }), false);
  assert.equal(sel("v<3").matches({ v: "x" }), false);
});

test("empty selector matches everything; requiresExactMatch", () => {
  assert.equal(sel("").empty, true);
  assert.equal(sel("").matches({}), true);
  assert.equal(sel("a=b,c in (d)").requiresExactMatch("c"), "d");
  assert.equal(sel("a!=b").requiresExactMatch("a"), undefined);
});

test("parse errors use upstream's wording", () => {
  assert.equal(err("a b"), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(err("a=b c"), "found 'c', expected: ',' or 'end of string'");
  assert.equal(err("a=b,"), "found '', expected: identifier after ','");
  assert.equal(err("=b"), "found '=', expected: !, identifier, or 'end of string'");
  assert.equal(err("a in b"), "unable to parse requirement: found 'b' expected: '('");
  assert.equal(err("a in (b"), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(
    err("a>x"),
    "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer",
  );
  assert.match(
    err("-bad=x"),
    /^unable to parse requirement: <nil>: Invalid value: "-bad": name part must consist of alphanumeric characters/,
  );
  assert.match(
    err("app=-x"),
    /^unable to parse requirement: values\[0\]\[app\]: Invalid value: "-x": a valid label must be/,
  );
  assert.equal(err("a=>b"), "unable to parse requirement: found '>', expected: identifier");
});

test("object form (metav1.LabelSelector)", () => {
  const r = labelSelectorAsSelector({
    matchLabels: { app: "web" },
    matchExpressions: [{ key: "env", operator: "In", values: ["b", "a"] }],
  });
  assert.ok(r.ok);
  assert.equal(r.selector.toString(), "app=web,env in (a,b)");
  const bad = labelSelectorAsSelector({ matchExpressions: [{ key: "x", operator: "Foo" }] });
  assert.deepEqual(bad, { ok: false, error: '"Foo" is not a valid label selector operator' });
  const none = labelSelectorAsSelector(undefined);
  assert.ok(none.ok && !none.selector.matches({}));
  assert.equal(selectorFromSet({ b: "2", a: "1" }).toString(), "a=1,b=2");
});
