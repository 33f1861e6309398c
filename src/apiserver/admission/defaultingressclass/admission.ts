// The DefaultIngressClass admission plugin (on by default upstream): an Ingress created without a class
// (neither spec.ingressClassName nor the older kubernetes.io/ingress.class annotation) gets the default
// IngressClass, the one annotated ingressclass.kubernetes.io/is-default-class: "true"; with several, the
// newest (then the first by name), as upstream since 1.28.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

export const isDefaultIngressClassAnnotation = "ingressclass.kubernetes.io/is-default-class";
const legacyClassAnnotation = "kubernetes.io/ingress.class";

export function defaultIngressClass(d: { listIngressClasses(): Iterable<KubeObject> }): AdmissionPlugin {
  return {
    name: "DefaultIngressClass",
    admit(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource) return;
      if (a.resource.group !== "networking.k8s.io" || a.resource.plural !== "ingresses" || !a.object) return;
      const ing = a.object as Json;
      if (ing.spec?.ingressClassName !== undefined && ing.spec?.ingressClassName !== null) return;
      if (ing.metadata?.annotations?.[legacyClassAnnotation] !== undefined) return;
      const created = (c: KubeObject) => Date.parse(c.metadata?.creationTimestamp ?? "") || 0;
      const defaults = [...d.listIngressClasses()]
        .filter((c) => c.metadata?.annotations?.[isDefaultIngressClassAnnotation] === "true")
        .sort(
          (x, y) => created(y) - created(x) || (x.metadata?.name ?? "").localeCompare(y.metadata?.name ?? ""),
        );
      const chosen = defaults[0]?.metadata?.name;
      if (chosen === undefined) return;
      ing.spec ??= {};
      ing.spec.ingressClassName = chosen;
    },
  };
}
