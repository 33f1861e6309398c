// Finding a pod's sandbox and containers in the runtime by the labels the kubelet puts on them (as
// upstream's kuberuntime labels): the newest sandbox of the pod, and its containers newest first.
import type { Container, PodSandbox, RuntimeService } from "../../runtime/cri.js";

export const POD_NAME_LABEL = "io.kubernetes.pod.name";
export const POD_NAMESPACE_LABEL = "io.kubernetes.pod.namespace";
export const POD_UID_LABEL = "io.kubernetes.pod.uid";
export const CONTAINER_NAME_LABEL = "io.kubernetes.container.name";
export const RESTART_COUNT_ANNOTATION = "io.kubernetes.container.restartCount";

const newestFirst = <T extends { createdAt: number }>(a: T, b: T) => b.createdAt - a.createdAt;

/** The pod's newest sandbox (a ready one before others), or undefined when the pod is not on this node. */
export async function findPodSandbox(
  rt: RuntimeService,
  namespace: string,
  name: string,
  uid?: string,
): Promise<PodSandbox | undefined> {
  const all = await rt.listPodSandbox({
    labelSelector: { [POD_NAME_LABEL]: name, [POD_NAMESPACE_LABEL]: namespace },
  });
  const mine = all.filter((s) => !uid || podUid(s) === uid).sort(newestFirst);
  return mine.find((s) => s.state === "SANDBOX_READY") ?? mine[0];
}

export const podUid = (s: PodSandbox): string => s.labels[POD_UID_LABEL] ?? s.metadata.uid;

const attemptOf = (c: Container): number => {
  const a = Number(c.annotations[RESTART_COUNT_ANNOTATION]);
  return Number.isFinite(a) ? a : c.metadata.attempt;
};

/** The instances of a pod's container, newest attempt first (index 0 = current, 1 = previous). */
export async function findContainers(
  rt: RuntimeService,
  namespace: string,
  pod: string,
  container: string,
  uid?: string,
): Promise<Container[]> {
  const list = await rt.listContainers({
    labelSelector: {
      [POD_NAME_LABEL]: pod,
      [POD_NAMESPACE_LABEL]: namespace,
      [CONTAINER_NAME_LABEL]: container,
    },
  });
  return list
    .filter((c) => !uid || (c.labels[POD_UID_LABEL] ?? uid) === uid)
    .sort((a, b) => attemptOf(b) - attemptOf(a) || b.createdAt - a.createdAt);
}
