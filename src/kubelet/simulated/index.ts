// Simulated nodes: the public surface the CLI wires (`--simulated-nodes N`, `--simulated-node-capacity ...`).
export {
  createSimulatedNodes,
  SimulatedNodes,
  podsByNodeIndex,
  simulatedKubeletAnnotation,
  type SimulatorContext,
} from "./simulator.js";
export {
  parseNodeCapacity,
  defaultCapacity,
  type SimulatedNodesOptions,
  type SimulatedNodeCapacity,
} from "./options.js";
export { simulatedNodeAnnotation, kubeletVersion } from "./nodeobject.js";
