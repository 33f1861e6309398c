// What the runtime holds for one pod (kubecontainer.PodStatus): its sandboxes and containers, newest first,
// read back through the labels and annotations the kubelet put on them.
import type {
  ContainerStatus as CriContainerStatus,
  PodSandboxStatus,
  RuntimeService,
} from "../../runtime/cri.js";
import {
  containerHashAnnotation,
  containerNameLabel,
  containerRestartCountAnnotation,
  containerTypeLabel,
  podUIDLabel,
} from "./labels.js";

export interface RuntimeContainer extends CriContainerStatus {
  name: string;
  restartCount: number;
  hash: string;
  init: boolean;
}

export interface RuntimePodStatus {
  uid: string;
  /** Newest first. */
  sandboxes: PodSandboxStatus[];
  /** Newest first. */
  containers: RuntimeContainer[];
}

export function toRuntimeContainer(s: CriContainerStatus): RuntimeContainer {
  return {
    ...s,
    name: s.labels[containerNameLabel] ?? s.metadata.name,
    restartCount: Number(s.annotations[containerRestartCountAnnotation] ?? s.metadata.attempt) || 0,
    hash: s.annotations[containerHashAnnotation] ?? "",
    init: s.labels[containerTypeLabel] === "INIT",
  };
}

export async function getPodStatus(runtime: RuntimeService, uid: string): Promise<RuntimePodStatus> {
  const sandboxes: PodSandboxStatus[] = [];
  for (const s of await runtime.listPodSandbox({ labelSelector: { [podUIDLabel]: uid } })) {
    const st = await runtime.podSandboxStatus(s.id);
    if (st.ok) sandboxes.push(st.value);
  }
  sandboxes.sort((a, b) => b.createdAt - a.createdAt || b.metadata.attempt - a.metadata.attempt);
  const containers: RuntimeContainer[] = [];
  for (const c of await runtime.listContainers({ labelSelector: { [podUIDLabel]: uid } })) {
    const st = await runtime.containerStatus(c.id);
    if (st.ok) containers.push(toRuntimeContainer(st.value));
  }
  containers.sort((a, b) => b.createdAt - a.createdAt || b.restartCount - a.restartCount);
  return { uid, sandboxes, containers };
}

/** The newest instance of a container by name (FindContainerStatusByName). */
export function findContainer(
  s: RuntimePodStatus,
  name: string,
  init?: boolean,
): RuntimeContainer | undefined {
  return s.containers.find((c) => c.name === name && (init === undefined || c.init === init));
}

/** Instances of one container, newest first. */
export function containerInstances(s: RuntimePodStatus, name: string, init: boolean): RuntimeContainer[] {
  return s.containers.filter((c) => c.name === name && c.init === init);
}

export function podIPsOf(s: RuntimePodStatus): string[] {
  const sb = s.sandboxes[0];
  if (sb === undefined || sb.state !== "SANDBOX_READY" || sb.network.ip === "") return [];
  return [sb.network.ip, ...sb.network.additionalIps];
}
