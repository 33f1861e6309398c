// The kubelet: what `k8ts server` / `k8ts agent` run on a node with a real container runtime.
import { Kubelet, type KubeletOptions } from "./kubelet.js";
import { realPodInputs } from "./inputs.js";

export type { KubeletOptions, PodInputsFactory } from "./kubelet.js";
export { Kubelet } from "./kubelet.js";
export { realPodInputs } from "./inputs.js";
/** What the streaming server and log readers find containers by. */
export {
  podNameLabel,
  podNamespaceLabel,
  podUIDLabel,
  containerNameLabel,
  containerRestartCountAnnotation,
} from "./kuberuntime/labels.js";
export { podLogsDirectory, containerLogPath } from "./kuberuntime/containerconfig.js";

/** Registers the node and runs its pods until the signal aborts (running containers are left running). */
export function createKubelet(o: KubeletOptions): { run(signal: AbortSignal): Promise<void> } {
  return new Kubelet(o, realPodInputs);
}
