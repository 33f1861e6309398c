import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultIngressClass, isOurs, type RIngressClass } from "./class.js";
import type { RIngress } from "./routes.js";

const ing = (cls?: string, legacy?: string): RIngress => ({
  metadata: {
    name: "i",
    namespace: "default",
    annotations: legacy ? { "kubernetes.io/ingress.class": legacy } : undefined,
  },
  spec: { ingressClassName: cls },
});
const ours = defaultIngressClass() as RIngressClass;
const other = (name: string, isDefault = false): RIngressClass => ({
  metadata: {
    name,
    annotations: isDefault ? { "ingressclass.kubernetes.io/is-default-class": "true" } : undefined,
  },
  spec: { controller: "example.com/other" },
});

test("the k8ts class is the default class of controller k8ts.io/ingress", () => {
  assert.equal(ours.metadata.name, "k8ts");
  assert.equal(ours.spec?.controller, "k8ts.io/ingress");
  assert.equal(ours.metadata.annotations?.["ingressclass.kubernetes.io/is-default-class"], "true");
});

test("an Ingress is ours by ingressClassName, the legacy annotation, or no class while ours is the only default", () => {
  assert.equal(isOurs(ing("k8ts"), [ours]), true);
  assert.equal(isOurs(ing("nginx"), [ours, other("nginx")]), false);
  assert.equal(isOurs(ing("missing"), [ours]), false);
  assert.equal(isOurs(ing(undefined, "k8ts"), [ours]), true);
  assert.equal(isOurs(ing(undefined, "nginx"), [ours, other("nginx")]), false);
  assert.equal(isOurs(ing(), [ours]), true);
  assert.equal(isOurs(ing(), [ours, other("nginx", true)]), false, "two defaults: nobody takes it");
  assert.equal(isOurs(ing(), [{ ...ours, metadata: { name: "k8ts" } }]), false, "ours not the default");
  assert.equal(isOurs(ing(), []), false);
});
