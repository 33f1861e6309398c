// Node lifecycle: health monitoring and condition taints (node-lifecycle-controller), and taint-based
// eviction (taint-eviction-controller), as upstream runs them since SeparateTaintEvictionController.
export {
  newNodeLifecycleController,
  NodeLifecycleController,
  type NodeLifecycleOptions,
} from "./controller.js";
export {
  newTaintEvictionController,
  TaintEvictionController,
  type TaintEvictionOptions,
} from "./tainteviction.js";
