// The IngressClass this controller serves (`k8ts`, controller `k8ts.io/ingress`), created at start as the
// cluster's default class, and which Ingresses are ours: spec.ingressClassName naming one of our classes,
// the legacy kubernetes.io/ingress.class annotation, or no class at all while one of ours is the default.
import type { IngressClass } from "../api/networking/v1/types.js";
import type { DeepReadonly } from "../client/informer/cache.js";
import type { RIngress } from "./routes.js";

export const ingressClassName = "k8ts";
export const controllerName = "k8ts.io/ingress";
export const isDefaultClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
export const legacyClassAnnotation = "kubernetes.io/ingress.class";

export type RIngressClass = DeepReadonly<IngressClass & { metadata: { name?: string } }>;

export function defaultIngressClass(name = ingressClassName): IngressClass {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name, annotations: { [isDefaultClassAnnotation]: "true" } },
    spec: { controller: controllerName },
  };
}

/** Whether the Ingress is served by this controller, given every IngressClass in the cluster. */
export function isOurs(ing: RIngress, classes: readonly RIngressClass[]): boolean {
  const ours = classes.filter((c) => c.spec?.controller === controllerName);
  const names = new Set(ours.map((c) => c.metadata.name));
  const cls = ing.spec?.ingressClassName;
  if (cls) return names.has(cls);
  const legacy = ing.metadata.annotations?.[legacyClassAnnotation];
  if (legacy) return names.has(legacy);
  // No class: the default class's controller takes it (only when exactly one class is the default).
  const defaults = classes.filter((c) => c.metadata.annotations?.[isDefaultClassAnnotation] === "true");
  return defaults.length === 1 && defaults[0].spec?.controller === controllerName;
}
