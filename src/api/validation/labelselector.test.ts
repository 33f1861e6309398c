import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "./field.js";
import {
  compileSelector,
  selectorMatches,
  selectorString,
  labelSelectorString,
  validateLabelSelector,
  formatLabels,
  formatLabelSelector,
} from "./labelselector.js";

test("selectors match labels as upstream's label selectors do", () => {
  const sel = compileSelector({
    matchLabels: { app: "web" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["front", "edge"] },
      { key: "canary", operator: "DoesNotExist" },
      { key: "zone", operator: "NotIn", values: ["b"] },
    ],
  });
  assert.ok(typeof sel !== "string" && sel !== null);
  const cases: [Record<string, string>, boolean][] = [
    [{ app: "web", tier: "front" }, true],
    [{ app: "web", tier: "edge", zone: "a" }, true],
    [{ app: "web", tier: "back" }, false],
    [{ app: "web", tier: "front", canary: "yes" }, false],
    [{ app: "web", tier: "front", zone: "b" }, false],
    [{ tier: "front" }, false],
  ];
  for (const [labels, want] of cases)
    assert.equal(selectorMatches(sel, labels), want, JSON.stringify(labels));
});

test("an empty selector selects everything and a nil one nothing", () => {
  const everything = compileSelector({});
  assert.ok(everything !== null && typeof everything !== "string" && everything.empty);
  assert.equal(selectorMatches(everything, { any: "thing" }), true);
  assert.equal(selectorMatches(compileSelector(undefined) as null, { app: "web" }), false);
});

test("selector strings sort by key and list set values sorted", () => {
  assert.equal(
    labelSelectorString({
      matchLabels: { tier: "fe", app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "dev"] },
        { key: "canary", operator: "DoesNotExist" },
        { key: "zone", operator: "Exists" },
      ],
    }),
    "app=web,!canary,env in (dev,prod),tier=fe,zone",
  );
  assert.equal(
    selectorString(compileSelector({}) as Exclude<ReturnType<typeof compileSelector>, string>),
    "",
  );
  assert.equal(labelSelectorString({ matchExpressions: [{ key: "a", operator: "Bogus" }] }), "<invalid>");
});

test("selector validation reports upstream's paths and messages", () => {
  const errs = validateLabelSelector(
    {
      matchLabels: { "bad key!": "v" },
      matchExpressions: [
        { key: "a", operator: "In" },
        { key: "b", operator: "Exists", values: ["x"] },
        { key: "c", operator: "Near" },
      ],
    },
    "spec.selector",
  ).map(errorString);
  assert.ok(
    errs.some((e) =>
      e.startsWith('spec.selector.matchLabels: Invalid value: "bad key!": name part must consist of'),
    ),
  );
  assert.ok(
    errs.includes(
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    ),
  );
  assert.ok(
    errs.includes(
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
    ),
  );
  assert.ok(
    errs.includes(
      'spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator',
    ),
  );
});

test("formatLabels prints sorted pairs or <none>", () => {
  assert.equal(formatLabels({ b: "2", a: "1" }), "a=1,b=2");
  assert.equal(formatLabels(undefined), "<none>");
});

test("formatLabelSelector prints as metav1.FormatLabelSelector", () => {
  assert.equal(formatLabelSelector(undefined), "<none>");
  assert.equal(formatLabelSelector({}), "<none>");
  assert.equal(
    formatLabelSelector({
      matchLabels: { role: "db" },
      matchExpressions: [{ key: "env", operator: "NotIn", values: ["b", "a", "a"] }],
    }),
    "env notin (a,b),role=db",
  );
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Bogus" }] }), "<error>");
  assert.equal(formatLabelSelector({ matchLabels: { "bad key!": "v" } }), "<error>");
});

test("allowInvalidLabelValue skips only the values check", () => {
  const sel = { matchExpressions: [{ key: "k", operator: "In", values: ["not valid!"] }] };
  assert.equal(validateLabelSelector(sel, "s").length, 1);
  assert.deepEqual(validateLabelSelector(sel, "s", true), []);
});
