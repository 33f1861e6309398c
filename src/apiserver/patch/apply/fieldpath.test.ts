import { test } from "node:test";
import assert from "node:assert/strict";
import {
  comparePE,
  FieldSet,
  FieldsV1Error,
  fieldPE,
  indexPE,
  keyPE,
  pathString,
  serializePE,
  valuePE,
  type Path,
} from "./fieldpath.js";

// A FieldsV1 as the real API server stores it for a Deployment created by kubectl.
const upstreamFieldsV1 = {
  "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
  "f:spec": {
    "f:replicas": {},
    "f:selector": {},
    "f:strategy": { "f:rollingUpdate": { ".": {}, "f:maxSurge": {}, "f:maxUnavailable": {} }, "f:type": {} },
    "f:template": {
      "f:metadata": { "f:labels": { ".": {}, "f:app": {} } },
      "f:spec": {
        "f:containers": {
          'k:{"name":"nginx"}': {
            ".": {},
            "f:image": {},
            "f:name": {},
            "f:ports": {
              ".": {},
              'k:{"containerPort":80,"protocol":"TCP"}': { ".": {}, "f:containerPort": {}, "f:protocol": {} },
            },
            "f:resources": {},
          },
        },
        "f:dnsPolicy": {},
      },
    },
  },
};

void test("FieldsV1 round-trips upstream's encoding byte for byte", () => {
  const set = FieldSet.fromFieldsV1(upstreamFieldsV1);
  assert.equal(JSON.stringify(set.toFieldsV1()), JSON.stringify(upstreamFieldsV1));
});

void test("FieldsV1 decoding: members, children, and '.' for both", () => {
  const set = FieldSet.fromFieldsV1(upstreamFieldsV1);
  const labels: Path = [fieldPE("metadata"), fieldPE("labels")];
  assert.ok(set.has(labels), "labels has '.'");
  assert.ok(set.has([...labels, fieldPE("app")]));
  assert.ok(!set.has([fieldPE("spec")]), "spec has no '.'");
  assert.ok(set.has([fieldPE("spec"), fieldPE("replicas")]));
  const port = [
    fieldPE("spec"),
    fieldPE("template"),
    fieldPE("spec"),
    fieldPE("containers"),
    keyPE([["name", "nginx"]]),
    fieldPE("ports"),
    keyPE([
      ["protocol", "TCP"],
      ["containerPort", 80],
    ]),
  ];
  assert.ok(set.has(port));
  assert.ok(set.has([...port, fieldPE("protocol")]));
});

void test("FieldsV1 encoding sorts elements: fields, then keys, then values, then indices", () => {
  const set = FieldSet.of(
    [fieldPE("list"), indexPE(1)],
    [fieldPE("list"), valuePE("b")],
    [fieldPE("list"), valuePE(2)],
    [fieldPE("list"), keyPE([["name", "x"]])],
    [fieldPE("list"), fieldPE("z")],
    [fieldPE("a")],
  );
  assert.deepEqual(Object.keys(set.toFieldsV1()["f:list"] as object), [
    "f:z",
    'k:{"name":"x"}',
    "v:2",
    'v:"b"',
    "i:1",
  ]);
  assert.deepEqual(Object.keys(set.toFieldsV1()), ["f:a", "f:list"]);
});

void test("path element keys use Go's JSON: sorted key fields, HTML-safe strings", () => {
  assert.equal(
    serializePE(
      keyPE([
        ["z", 1],
        ["a", "<b>"],
      ]),
    ),
    'k:{"a":"\\u003cb\\u003e","z":1}',
  );
  assert.equal(serializePE(valuePE("finalizer.example.com/x")), 'v:"finalizer.example.com/x"');
  assert.equal(serializePE(indexPE(3)), "i:3");
});

void test("paths print as upstream's conflict messages do", () => {
  const cases: [Path, string][] = [
    [[fieldPE("spec"), fieldPE("replicas")], ".spec.replicas"],
    [
      [fieldPE("spec"), fieldPE("containers"), keyPE([["name", "app"]]), fieldPE("image")],
      '.spec.containers[name="app"].image',
    ],
    [
      [
        fieldPE("ports"),
        keyPE([
          ["protocol", "TCP"],
          ["containerPort", 80],
        ]),
      ],
      '.ports[containerPort=80,protocol="TCP"]',
    ],
    [[fieldPE("metadata"), fieldPE("finalizers"), valuePE("a/b")], '.metadata.finalizers[="a/b"]'],
    [[fieldPE("args"), indexPE(0)], ".args[0]"],
  ];
  for (const [p, s] of cases) assert.equal(pathString(p), s);
});

void test("set algebra: union, intersection, difference, recursive difference", () => {
  const a = FieldSet.of([fieldPE("x")], [fieldPE("y"), fieldPE("z")], [fieldPE("y"), fieldPE("w")]);
  const b = FieldSet.of([fieldPE("y")], [fieldPE("y"), fieldPE("z")]);
  assert.deepEqual([...a.union(b).paths()].map(pathString), [".x", ".y", ".y.w", ".y.z"]);
  assert.deepEqual([...a.intersection(b).paths()].map(pathString), [".y.z"]);
  assert.deepEqual([...a.difference(b).paths()].map(pathString), [".x", ".y.w"]);
  assert.deepEqual([...a.recursiveDifference(b).paths()].map(pathString), [".x"]);
  assert.ok(a.difference(a).empty());
  assert.equal(a.size(), 3);
});

void test("element order compares kinds first, then values as upstream", () => {
  assert.ok(comparePE(fieldPE("b"), keyPE([["a", 1]])) < 0);
  assert.ok(comparePE(valuePE(10), valuePE("1")) < 0, "numbers before strings");
  assert.ok(comparePE(valuePE(2), valuePE(10)) < 0, "numbers numerically");
  assert.ok(comparePE(valuePE("b"), valuePE(true)) < 0, "strings before booleans");
  assert.equal(
    comparePE(
      keyPE([
        ["a", 1],
        ["b", 2],
      ]),
      keyPE([
        ["b", 2],
        ["a", 1],
      ]),
    ),
    0,
  );
});

void test("FieldsV1 decoding rejects malformed elements and skips unknown kinds", () => {
  assert.throws(() => FieldSet.fromFieldsV1({ "k:{bad": {} }), FieldsV1Error);
  assert.throws(() => FieldSet.fromFieldsV1({ x: {} }), FieldsV1Error);
  assert.throws(() => FieldSet.fromFieldsV1({ "i:x": {} }), FieldsV1Error);
  assert.ok(FieldSet.fromFieldsV1({ "z:whatever": {} }).empty());
});
