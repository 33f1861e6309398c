import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../../api/meta/v1/types.js";
import type { Attributes } from "../admission.js";
import { defaultIngressClass, isDefaultIngressClassAnnotation } from "./admission.js";

const cls = (name: string, isDefault: string | undefined, created: string): KubeObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: {
    name,
    creationTimestamp: created,
    ...(isDefault === undefined ? {} : { annotations: { [isDefaultIngressClassAnnotation]: isDefault } }),
  },
});

function admit(
  classes: KubeObject[],
  ingress: Record<string, any>,
  operation = "CREATE",
): Record<string, any> {
  const a = {
    operation,
    resource: { group: "networking.k8s.io", version: "v1", plural: "ingresses" },
    subresource: "",
    name: "web",
    namespace: "default",
    object: ingress,
  } as unknown as Attributes;
  void defaultIngressClass({ listIngressClasses: () => classes }).admit!(a);
  return ingress;
}

test("an Ingress without a class gets the default IngressClass", () => {
  const classes = [
    cls("other", "false", "2026-01-01T00:00:00Z"),
    cls("k8ts", "true", "2026-01-01T00:00:00Z"),
  ];
  assert.equal(admit(classes, { spec: { rules: [] } }).spec.ingressClassName, "k8ts");
  assert.equal(admit(classes, {}).spec.ingressClassName, "k8ts");
});

test("a class given in the field (even empty) or the legacy annotation is kept; updates are untouched", () => {
  const classes = [cls("k8ts", "true", "2026-01-01T00:00:00Z")];
  assert.equal(admit(classes, { spec: { ingressClassName: "nginx" } }).spec.ingressClassName, "nginx");
  assert.equal(admit(classes, { spec: { ingressClassName: "" } }).spec.ingressClassName, "");
  const legacy = admit(classes, {
    metadata: { annotations: { "kubernetes.io/ingress.class": "nginx" } },
    spec: {},
  });
  assert.equal(legacy.spec.ingressClassName, undefined);
  assert.equal(admit(classes, { spec: {} }, "UPDATE").spec.ingressClassName, undefined);
});

test("no default class: nothing set; several: the newest, then the first by name", () => {
  assert.equal(
    admit([cls("a", undefined, "2026-01-01T00:00:00Z")], { spec: {} }).spec.ingressClassName,
    undefined,
  );
  const several = [
    cls("old", "true", "2026-01-01T00:00:00Z"),
    cls("new-b", "true", "2026-02-01T00:00:00Z"),
    cls("new-a", "true", "2026-02-01T00:00:00Z"),
  ];
  assert.equal(admit(several, { spec: {} }).spec.ingressClassName, "new-a");
});
