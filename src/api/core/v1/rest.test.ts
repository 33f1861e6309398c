import { test } from "node:test";
import assert from "node:assert/strict";
import type { TSchema } from "@sinclair/typebox";
import { restResources } from "./rest.js";

test("resources in upstream discovery order with upstream names", () => {
  assert.deepEqual(
    restResources.map((r) => [
      r.plural,
      r.singular,
      r.kind,
      r.namespaced,
      r.shortNames ?? [],
      r.categories ?? [],
    ]),
    [
      ["configmaps", "configmap", "ConfigMap", true, ["cm"], []],
      ["endpoints", "endpoints", "Endpoints", true, ["ep"], []],
      ["events", "event", "Event", true, ["ev"], []],
      ["limitranges", "limitrange", "LimitRange", true, ["limits"], []],
      ["namespaces", "namespace", "Namespace", false, ["ns"], []],
      ["resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], []],
      ["secrets", "secret", "Secret", true, [], []],
      ["serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], []],
      ["services", "service", "Service", true, ["svc"], ["all"]],
    ],
  );
  assert.deepEqual(
    restResources.filter((r) => r.status).map((r) => r.plural),
    ["namespaces", "resourcequotas", "services"],
  );
  for (const r of restResources) {
    assert.equal(r.group, "");
    assert.equal(r.version, "v1");
    assert.equal(r.schema.$id, `io.k8s.api.core.v1.${r.kind}`);
    // Events list NAME last (wide only), as upstream; every table has exactly one name column.
    assert.equal(r.printerColumns?.filter((c) => c.format === "name").length, 1, r.plural);
  }
});

test("every named struct carries protobuf numbers for each of its fields", () => {
  const seen = new Map<string, TSchema>();
  const visit = (s: TSchema | undefined): void => {
    if (!s || typeof s !== "object") return;
    const id = s.$id;
    if (id && seen.has(id)) return;
    if (id) seen.set(id, s);
    const props = s.properties as Record<string, TSchema> | undefined;
    if (props && id) {
      const proto = s["x-proto"] as Record<string, number>;
      for (const k of Object.keys(props)) {
        if (k === "apiVersion" || k === "kind") continue;
        assert.equal(typeof proto?.[k], "number", `${id}.${k} has a protobuf field number`);
      }
    }
    for (const child of Object.values(props ?? {})) visit(child);
    visit(s.items as TSchema | undefined);
    for (const p of Object.values((s.patternProperties ?? {}) as Record<string, TSchema>)) visit(p);
  };
  for (const r of restResources) visit(r.schema);
  assert.ok(seen.size >= 30, `${seen.size} named types`);
});
