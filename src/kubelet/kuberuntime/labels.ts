// The labels and annotations the kubelet puts on sandboxes and containers (kuberuntime/labels.go): the
// runtime is the kubelet's memory across restarts, and the streaming server finds containers by them.
import { createHash } from "node:crypto";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Labels } from "../../runtime/cri.js";

export const podNameLabel = "io.kubernetes.pod.name";
export const podNamespaceLabel = "io.kubernetes.pod.namespace";
export const podUIDLabel = "io.kubernetes.pod.uid";
export const containerNameLabel = "io.kubernetes.container.name";
export const containerTypeLabel = "io.kubernetes.container.type";
export const kubernetesManagedLabel = "io.kubernetes.managed";

export const containerHashAnnotation = "io.kubernetes.container.hash";
export const containerRestartCountAnnotation = "io.kubernetes.container.restartCount";
export const terminationMessagePathAnnotation = "io.kubernetes.container.terminationMessagePath";
export const terminationMessagePolicyAnnotation = "io.kubernetes.container.terminationMessagePolicy";
export const terminationGracePeriodAnnotation = "io.kubernetes.pod.terminationGracePeriod";
export const preStopHandlerAnnotation = "io.kubernetes.container.preStopHandler";
/** Where the kubelet mounted the container's termination-log file on the host (to read the message back). */
export const terminationLogHostPathAnnotation = "k8ts.io/termination-log-host-path";

export type ContainerType = "INIT" | "CONTAINER";

export function newPodLabels(pod: Pod): Labels {
  const labels: Labels = { ...(pod.metadata?.labels ?? {}) };
  labels[podNameLabel] = pod.metadata?.name ?? "";
  labels[podNamespaceLabel] = pod.metadata?.namespace ?? "";
  labels[podUIDLabel] = pod.metadata?.uid ?? "";
  labels[kubernetesManagedLabel] = "true";
  return labels;
}

export function newContainerLabels(pod: Pod, container: Container, type: ContainerType): Labels {
  return {
    [podNameLabel]: pod.metadata?.name ?? "",
    [podNamespaceLabel]: pod.metadata?.namespace ?? "",
    [podUIDLabel]: pod.metadata?.uid ?? "",
    [containerNameLabel]: container.name,
    [containerTypeLabel]: type,
  };
}

/** A hash of the container's spec: a change (the image, the only mutable field) restarts the container. */
export function hashContainer(container: Container): string {
  return createHash("sha256").update(JSON.stringify(container)).digest("hex").slice(0, 8);
}

export function containerAnnotations(
  pod: Pod,
  container: Container,
  restartCount: number,
  terminationLogHostPath: string | undefined,
): Labels {
  const a: Labels = {
    ...(pod.metadata?.annotations ?? {}),
    [containerHashAnnotation]: hashContainer(container),
    [containerRestartCountAnnotation]: String(restartCount),
    [terminationMessagePathAnnotation]: container.terminationMessagePath ?? "/dev/termination-log",
    [terminationMessagePolicyAnnotation]: container.terminationMessagePolicy ?? "File",
    [terminationGracePeriodAnnotation]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
  };
  if (container.lifecycle?.preStop) a[preStopHandlerAnnotation] = JSON.stringify(container.lifecycle.preStop);
  if (terminationLogHostPath) a[terminationLogHostPathAnnotation] = terminationLogHostPath;
  return a;
}

/** "web_default(uid)": how upstream's format.Pod names a pod in messages. */
export function formatPod(pod: { metadata?: { name?: string; namespace?: string; uid?: string } }): string {
  return `${pod.metadata?.name ?? ""}_${pod.metadata?.namespace ?? ""}(${pod.metadata?.uid ?? ""})`;
}
