import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import { ingressClasses } from "./ingressclass.js";

function ic(spec: any): any {
  return { metadata: { name: "nginx", creationTimestamp: "2024-01-01T00:00:00Z" }, spec };
}

test("defaults: parameters.scope Cluster", () => {
  const obj = ic({ controller: "k8s.io/ingress-nginx", parameters: { kind: "Params", name: "p" } });
  ingressClasses.defaults!(obj);
  assert.equal(obj.spec.parameters.scope, "Cluster");
  const ns = ic({
    controller: "a.io/b",
    parameters: { kind: "P", name: "p", scope: "Namespace", namespace: "x" },
  });
  ingressClasses.defaults!(ns);
  assert.equal(ns.spec.parameters.scope, "Namespace");
});

test("validation", () => {
  const cases: [any, string[]][] = [
    [{ controller: "k8s.io/ingress-nginx" }, []],
    [{}, ["spec.controller: Required value"]],
    [
      { controller: "nginx" },
      ['spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")'],
    ],
    [
      { controller: "a.io/b", parameters: { kind: "P", name: "p", scope: "Namespace" } },
      ["spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'"],
    ],
    [
      { controller: "a.io/b", parameters: { kind: "P", name: "p", scope: "Cluster", namespace: "x" } },
      ["spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'"],
    ],
    [
      { controller: "a.io/b", parameters: { kind: "P", name: "p", scope: "Global" } },
      ['spec.parameters.scope: Unsupported value: "Global": supported values: "Cluster", "Namespace"'],
    ],
  ];
  for (const [spec, want] of cases)
    assert.deepEqual(ingressClasses.validate!(ic(spec)).map(errorString), want);
});

test("controller is immutable", () => {
  const old = ic({ controller: "a.io/b" });
  const obj = ic({ controller: "a.io/c" });
  assert.deepEqual(ingressClasses.validateUpdate!(obj, old).map(errorString), [
    'spec.controller: Invalid value: "a.io/c": field is immutable',
  ]);
});

test("cluster-scoped; columns NAME CONTROLLER PARAMETERS AGE", () => {
  assert.equal(ingressClasses.namespaced, false);
  const cols = ingressClasses.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "CONTROLLER", "PARAMETERS", "AGE"],
  );
  const now = Date.parse("2024-01-01T00:00:30Z");
  const obj = ic({
    controller: "a.io/b",
    parameters: { apiGroup: "k8s.example.com", kind: "IngressParameters", name: "lb" },
  });
  assert.deepEqual(
    cols.map((c) => c.cell(obj, now)),
    ["nginx", "a.io/b", "IngressParameters.k8s.example.com/lb", "30s"],
  );
  assert.equal(cols[2].cell(ic({ controller: "a.io/b" }), now), "<none>");
});
