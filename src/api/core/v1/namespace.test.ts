import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import {
  namespaces,
  type Namespace,
  validateNamespaceStatusUpdate,
  validateNamespaceFinalizeUpdate,
} from "./namespace.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

test("create: defaults, Active phase, the kubernetes finalizer and the name label", () => {
  const cases: { name: string; in: Namespace; wantSpec: unknown; wantLabels: unknown }[] = [
    {
      name: "bare",
      in: { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } },
      wantSpec: { finalizers: ["kubernetes"] },
      wantLabels: { "kubernetes.io/metadata.name": "team-a" },
    },
    {
      name: "own finalizer kept, kubernetes appended",
      in: { metadata: { name: "b", labels: { env: "dev" } }, spec: { finalizers: ["example.com/cleanup"] } },
      wantSpec: { finalizers: ["example.com/cleanup", "kubernetes"] },
      wantLabels: { env: "dev", "kubernetes.io/metadata.name": "b" },
    },
    {
      name: "kubernetes already present",
      in: { metadata: { name: "c" }, spec: { finalizers: ["kubernetes"] }, status: { phase: "Terminating" } },
      wantSpec: { finalizers: ["kubernetes"] },
      wantLabels: { "kubernetes.io/metadata.name": "c" },
    },
  ];
  for (const c of cases) {
    const ns = structuredClone(c.in);
    namespaces.defaults!(ns);
    namespaces.prepareForCreate!(ns);
    assert.deepEqual(ns.spec, c.wantSpec, c.name);
    assert.deepEqual(ns.metadata.labels, c.wantLabels, c.name);
    assert.deepEqual(ns.status, { phase: "Active" }, c.name);
    assert.deepEqual(namespaces.validate!(ns), [], c.name);
  }
});

test("finalizer names are validated as upstream", () => {
  const ns: Namespace = {
    metadata: { name: "x" },
    spec: { finalizers: ["cleanup", "example.com/ok", "a/b/c"] },
  };
  assert.deepEqual(namespaces.validate!(ns).map(errorString), [
    'spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    "spec.finalizers: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
  assert.deepEqual(
    validateNamespaceFinalizeUpdate(ns).map((e) => e.field),
    ["spec.finalizers[0]", "spec.finalizers[2]"],
  );
});

test("update keeps finalizers and status; status writes check the phase", () => {
  const old: Namespace = {
    metadata: { name: "a" },
    spec: { finalizers: ["kubernetes"] },
    status: { phase: "Active" },
  };
  const next: Namespace = {
    metadata: { name: "a" },
    spec: { finalizers: [] },
    status: { phase: "Terminating" },
  };
  namespaces.prepareForUpdate!(next, old);
  assert.deepEqual(next.spec, { finalizers: ["kubernetes"] });
  assert.deepEqual(next.status, { phase: "Active" });
  assert.deepEqual(
    validateNamespaceStatusUpdate({ metadata: { name: "a" }, status: { phase: "Terminating" } }).map(
      errorString,
    ),
    ["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"],
  );
  assert.deepEqual(
    validateNamespaceStatusUpdate({
      metadata: { name: "a", deletionTimestamp: "2026-01-01T00:00:00Z" },
      status: { phase: "Terminating" },
    }),
    [],
  );
});

test("resource facts, field selectors, columns and schema", () => {
  assert.equal(namespaces.namespaced, false);
  assert.deepEqual(namespaces.shortNames, ["ns"]);
  assert.equal(namespaces.verbs!.includes("deletecollection"), false);
  assert.deepEqual(namespaces.nameValidator!("Bad_Name", false).length > 0, true);
  assert.deepEqual(namespaces.nameValidator!("good-name", false), []);
  // A subdomain is not a label: dots are refused.
  assert.ok(namespaces.nameValidator!("a.b", false).length > 0);
  assert.deepEqual(namespaces.extraSubresources, [
    { name: "finalize", kind: "Namespace", verbs: ["update"] },
  ]);
  const ns: Namespace = {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "kube-system", creationTimestamp: "2026-01-01T00:00:00Z", uid: "u" },
    spec: { finalizers: ["kubernetes"] },
    status: {
      phase: "Terminating",
      conditions: [{ type: "NamespaceDeletionContentFailure", status: "False", reason: "ContentDeleted" }],
    },
  };
  assert.equal(namespaces.fieldSelectors!["status.phase"](ns), "Terminating");
  assert.equal(namespaces.fieldSelectors!.name(ns), "kube-system");
  const now = Date.parse("2026-01-03T00:00:00Z");
  assert.deepEqual(
    namespaces.printerColumns!.map((c) => c.cell(ns, now)),
    ["kube-system", "Terminating", "2d"],
  );
  assert.ok(Value.Check(namespaces.schema, ns));
  assert.equal(Value.Check(namespaces.schema, { ...ns, spec: { finalizer: ["x"] } }), false);
});
