import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { serviceAccounts, type ServiceAccount } from "./serviceaccount.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

test("secret references are reduced to names on create and update", () => {
  const sa: ServiceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "builder", namespace: "ci" },
    secrets: [{ name: "builder-token", kind: "Secret", namespace: "ci", uid: "u" }, {}],
    imagePullSecrets: [{ name: "regcred" }],
  };
  serviceAccounts.prepareForCreate!(sa);
  assert.deepEqual(sa.secrets, [{ name: "builder-token" }, {}]);
  const upd: ServiceAccount = { metadata: { name: "builder" }, secrets: [{ name: "x", fieldPath: "f" }] };
  serviceAccounts.prepareForUpdate!(upd, sa);
  assert.deepEqual(upd.secrets, [{ name: "x" }]);
});

test("resource facts, columns and schema", () => {
  assert.deepEqual(serviceAccounts.shortNames, ["sa"]);
  assert.deepEqual(serviceAccounts.extraSubresources, [
    { name: "token", kind: "TokenRequest", group: "authentication.k8s.io", version: "v1", verbs: ["create"] },
  ]);
  const sa: ServiceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "default", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" },
    secrets: [{ name: "a" }, { name: "b" }],
    imagePullSecrets: [{ name: "regcred" }],
    automountServiceAccountToken: false,
  };
  const now = Date.parse("2026-01-02T12:00:00Z");
  assert.deepEqual(
    serviceAccounts.printerColumns!.map((c) => [c.name, c.cell(sa, now)]),
    [
      ["Name", "default"],
      ["Secrets", 2],
      ["Age", "36h"],
    ],
  );
  assert.ok(Value.Check(serviceAccounts.schema, sa));
  assert.equal(Value.Check(serviceAccounts.schema, { ...sa, automountToken: true }), false);
});
