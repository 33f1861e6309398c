// Builders for unit tests of the pure kuberuntime/status functions: a pod and runtime instances.
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodSandboxStatus } from "../../runtime/cri.js";
import { hashContainer } from "./labels.js";
import type { RuntimeContainer, RuntimePodStatus } from "./podstatus.js";

export function testPod(spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default", uid: "u1" },
    spec: { containers: [{ name: "web", image: "busybox:1.35" }], ...spec },
  };
}

export function sandbox(o: Partial<PodSandboxStatus> & { attempt?: number } = {}): PodSandboxStatus {
  return {
    id: o.id ?? "sb1",
    metadata: { name: "web", namespace: "default", uid: "u1", attempt: o.attempt ?? 0 },
    state: o.state ?? "SANDBOX_READY",
    createdAt: o.createdAt ?? 1000,
    network: o.network ?? { ip: "10.42.0.5", additionalIps: [] },
    netnsPath: o.netnsPath ?? "/run/netns/x",
    labels: {},
    annotations: {},
  };
}

let seq = 0;
export function instance(pod: Pod, name: string, o: Partial<RuntimeContainer> = {}): RuntimeContainer {
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
    (c) => c.name === name,
  );
  seq++;
  return {
    id: o.id ?? `c${seq}`,
    metadata: { name, attempt: o.restartCount ?? 0 },
    state: "CONTAINER_RUNNING",
    createdAt: 2000 + seq,
    startedAt: 2000 + seq,
    finishedAt: 0,
    exitCode: 0,
    image: { image: "busybox:1.35" },
    imageRef: "sha256:abc",
    reason: "",
    message: "",
    labels: {},
    annotations: {},
    mounts: [],
    logPath: "",
    name,
    restartCount: 0,
    hash: spec ? hashContainer(spec) : "",
    init: (pod.spec?.initContainers ?? []).some((c) => c.name === name),
    ...o,
  };
}

export function rtStatus(sandboxes: PodSandboxStatus[], containers: RuntimeContainer[]): RuntimePodStatus {
  return { uid: "u1", sandboxes, containers: [...containers].sort((a, b) => b.createdAt - a.createdAt) };
}
