// Pod: the kind, its `pods` resource (defaults, strategy, validation, field selectors, columns), and the
// pod types other groups embed (PodSpec, PodTemplateSpec), re-exported from here as their stable import path.
import type { Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import type { ResourceType } from "../../registry.js";
import { ObjectMeta, TypeMetaFields } from "../../meta/v1/types.js";
import { PodSpec } from "./podspec.js";
import type { KubeObject } from "../../meta/v1/types.js";
import { applyPodDefaults } from "./pod-defaults.js";
import { validatePod, validatePodUpdate } from "./pod-validation.js";
import { podColumns } from "./pod-printer.js";
import { getPodQOS } from "./pod-qos.js";
import { PodStatus } from "./podstatus.js";
import { Field } from "../../schema.js";

export const Pod = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    spec: Field(
      PodSpec,
      "Specification of the desired behavior of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
    status: Field(
      PodStatus,
      "Most recently observed status of the pod. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status",
    ),
  },
  {
    $id: "io.k8s.api.core.v1.Pod",
    description: "Pod is a collection of containers that can run on a host.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export type Pod = Static<typeof Pod>;

export { PodSpec, PodTemplateSpec } from "./podspec.js";
export { PodStatus } from "./podstatus.js";
export { applyPodSpecDefaults, applyPodDefaults } from "./pod-defaults.js";
export { validatePodTemplateSpec, validatePodSpec } from "./pod-validation.js";

export const pods: ResourceType<Pod & KubeObject> = {
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  schema: Pod,
  status: true,
  generation: true,
  extraSubresources: [
    { name: "attach", kind: "PodAttachOptions", verbs: ["create", "get"] },
    { name: "binding", kind: "Binding", verbs: ["create"] },
    { name: "ephemeralcontainers", kind: "Pod", verbs: ["get", "patch", "update"] },
    { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
    { name: "exec", kind: "PodExecOptions", verbs: ["create", "get"] },
    { name: "log", kind: "Pod", verbs: ["get"] },
    { name: "portforward", kind: "PodPortForwardOptions", verbs: ["create", "get"] },
    {
      name: "proxy",
      kind: "PodProxyOptions",
      verbs: ["create", "delete", "get", "patch", "update"],
    },
    { name: "resize", kind: "Pod", verbs: ["get", "patch", "update"] },
  ],
  defaults: (pod) => applyPodDefaults(pod),
  prepareForCreate: (pod) => {
    // The API server owns status on create: a new pod is Pending, with its QoS class computed.
    pod.status = { phase: "Pending", qosClass: getPodQOS(pod) };
  },
  prepareForUpdate: (pod, old) => {
    // Status changes only through pods/status.
    pod.status = old.status;
  },
  validate: (pod) => validatePod(pod),
  validateUpdate: (pod, old) => validatePodUpdate(pod, old),
  fieldSelectors: {
    "spec.nodeName": (p) => p.spec?.nodeName ?? "",
    "spec.restartPolicy": (p) => p.spec?.restartPolicy ?? "",
    "spec.schedulerName": (p) => p.spec?.schedulerName ?? "",
    "spec.serviceAccountName": (p) => p.spec?.serviceAccountName ?? "",
    "spec.hostNetwork": (p) => String(p.spec?.hostNetwork ?? false),
    "status.phase": (p) => p.status?.phase ?? "",
    "status.podIP": (p) => p.status?.podIPs?.[0]?.ip ?? "",
    "status.podIPs": (p) => p.status?.podIPs?.[0]?.ip ?? "",
    "status.nominatedNodeName": (p) => p.status?.nominatedNodeName ?? "",
  },
  printerColumns: podColumns,
};
