// The built-in admission plugins by name (--enable-admission-plugins), in upstream's order
// (kube-apiserver's AllOrderedPlugins). NamespaceLifecycle is always on and comes first.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { AdmissionPlugin } from "./admission.js";
import { serviceAccount } from "./serviceaccount/admission.js";
import { podSecurity } from "./podsecurity/admission.js";
import { priority } from "./priority/admission.js";
import { defaultTolerationSeconds } from "./defaulttolerationseconds/admission.js";
import { defaultIngressClass } from "./defaultingressclass/admission.js";
import { limitRanger } from "./limitranger/admission.js";
import { nodeRestriction } from "./noderestriction/admission.js";
import { resourceQuota } from "./resourcequota/admission.js";

export interface PluginDeps {
  getNamespace: (name: string) => Promise<KubeObject | undefined>;
  /** Current objects from the watch cache. */
  get(group: string, plural: string, namespace: string, name: string): KubeObject | undefined;
  list(group: string, plural: string, namespace: string): Iterable<KubeObject>;
}

const factories: [string, (d: PluginDeps) => AdmissionPlugin][] = [
  ["LimitRanger", (d) => limitRanger({ list: (ns) => d.list("", "limitranges", ns) })],
  [
    "ServiceAccount",
    (d) => serviceAccount({ getServiceAccount: (ns, name) => d.get("", "serviceaccounts", ns, name) }),
  ],
  ["NodeRestriction", (d) => nodeRestriction({ getPod: (ns, name) => d.get("", "pods", ns, name) })],
  [
    "PodSecurity",
    (d) =>
      podSecurity({ getNamespace: (name) => d.getNamespace(name), listPods: (ns) => d.list("", "pods", ns) }),
  ],
  [
    "Priority",
    (d) =>
      priority({
        getPriorityClass: (name) => d.get("scheduling.k8s.io", "priorityclasses", "", name),
        listPriorityClasses: () => d.list("scheduling.k8s.io", "priorityclasses", ""),
      }),
  ],
  ["DefaultTolerationSeconds", () => defaultTolerationSeconds()],
  [
    "DefaultIngressClass",
    (d) =>
      defaultIngressClass({ listIngressClasses: () => d.list("networking.k8s.io", "ingressclasses", "") }),
  ],
  ["ResourceQuota", (d) => resourceQuota({ list: (g, p, ns) => d.list(g, p, ns) })],
];

export const knownAdmissionPlugins = ["NamespaceLifecycle", ...factories.map(([n]) => n)];

/**
 * The plugins `k8ts server` enables by default: upstream's default set (those k8ts implements). ServiceAccount
 * relies on the serviceaccount and root-ca-cert-publisher controllers (the "default" ServiceAccount and the
 * kube-root-ca.crt ConfigMap), so a server without its controller manager leaves it off unless asked
 * (src/cli/server.ts).
 */
export const defaultAdmissionPlugins = [...knownAdmissionPlugins];

export function builtinAdmissionPlugins(names: string[], deps: PluginDeps): AdmissionPlugin[] {
  const unknown = names.filter((n) => !knownAdmissionPlugins.includes(n));
  if (unknown.length)
    throw new Error(`enable-admission-plugins plugin ${JSON.stringify(unknown[0])} is unknown`);
  return factories.filter(([n]) => names.includes(n)).map(([, f]) => f(deps));
}
