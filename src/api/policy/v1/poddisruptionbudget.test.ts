import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { registerSchemaKinds } from "../../apps/v1/test-support.js";
import { PodDisruptionBudget, Eviction } from "./types.js";
import { poddisruptionbudgets as pdbs } from "./poddisruptionbudget.js";
import { evictionNameMismatch } from "./eviction.js";

registerSchemaKinds();

type P = Parameters<NonNullable<typeof pdbs.validate>>[0];
const zk = (): P => ({
  apiVersion: "policy/v1",
  kind: "PodDisruptionBudget",
  metadata: { name: "zk-pdb" },
  spec: { minAvailable: 2, selector: { matchLabels: { app: "zookeeper" } } },
});

test("PDB: schema, validation, status on create", () => {
  assert.equal(Value.Check(PodDisruptionBudget, zk()), true);
  assert.equal(Value.Check(PodDisruptionBudget, { ...zk(), spec: { minAvailble: 2 } }), false);
  assert.equal(
    PodDisruptionBudget.properties.spec.properties.selector["x-kubernetes-patch-strategy"],
    "replace",
  );
  assert.deepEqual(pdbs.validate!(zk()), []);
  const both = zk();
  both.spec!.maxUnavailable = "50%";
  assert.deepEqual(pdbs.validate!(both).map(errorString), [
    'spec: Invalid value: {"MinAvailable":2,"Selector":{"matchLabels":{"app":"zookeeper"}},"MaxUnavailable":"50%","UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set',
  ]);
  const bad = zk();
  bad.spec = { maxUnavailable: "150%", unhealthyPodEvictionPolicy: "Never" };
  assert.deepEqual(pdbs.validate!(bad).map(errorString), [
    'spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%',
    'spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"',
  ]);
  const p = zk();
  pdbs.prepareForCreate!(p);
  assert.deepEqual(p.status, {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
  });
});

test("PDB columns: MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS", () => {
  const p = zk();
  p.metadata.creationTimestamp = "2024-01-01T00:00:00Z";
  p.status = { disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3 };
  const cols = pdbs.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(p, Date.parse("2024-01-01T00:00:05Z"))),
    ["zk-pdb", "2", "N/A", 1, "5s"],
  );
  assert.deepEqual(pdbs.shortNames, ["pdb"]);
});

test("Eviction: the body kubectl drain posts, and the URL/body name check", () => {
  const body = {
    apiVersion: "policy/v1",
    kind: "Eviction",
    metadata: { name: "web-0", namespace: "default" },
    deleteOptions: { gracePeriodSeconds: 30 },
  };
  assert.equal(Value.Check(Eviction, body), true);
  assert.equal(evictionNameMismatch(body, "web-0"), undefined);
  assert.equal(evictionNameMismatch(body, "web-1"), "name in URL does not match name in Eviction object");
});
