// The kubelet: what `k8ts server` / `k8ts agent` run on a node with a real container runtime.
import { Kubelet, type KubeletOptions } from "./kubelet.js";
import { realPodInputs } from "./inputs.js";

export type { KubeletOptions } from "./kubelet.js";
export { Kubelet } from "./kubelet.js";

export function createKubelet(o: KubeletOptions): { run(signal: AbortSignal): Promise<void> } {
  return new Kubelet(o, realPodInputs);
}
