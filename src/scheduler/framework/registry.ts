// The in-tree plugins: one map literal of plugin name → factory (upstream's NewInTreeRegistry). A profile
// names the plugins it enables; the framework builds each from here with its args and the framework handle.
import type { PluginFactory } from "./interface.js";
import { PrioritySort } from "../plugins/queuesort/priority-sort.js";
import { SchedulingGates } from "../plugins/schedulinggates/scheduling-gates.js";
import { NodeName } from "../plugins/nodename/node-name.js";
import { NodeUnschedulable } from "../plugins/nodeunschedulable/node-unschedulable.js";
import { TaintToleration } from "../plugins/tainttoleration/taint-toleration.js";
import { NodeAffinity } from "../plugins/nodeaffinity/node-affinity.js";
import { NodePorts } from "../plugins/nodeports/node-ports.js";
import { NodeResourcesFit } from "../plugins/noderesources/fit.js";
import { BalancedAllocation } from "../plugins/balancedallocation/balanced-allocation.js";
import { ImageLocality } from "../plugins/imagelocality/image-locality.js";
import { InterPodAffinity } from "../plugins/interpodaffinity/inter-pod-affinity.js";
import { PodTopologySpread } from "../plugins/podtopologyspread/pod-topology-spread.js";
import { DefaultBinder } from "../plugins/defaultbinder/default-binder.js";
import { DefaultPreemption } from "../plugins/defaultpreemption/default-preemption.js";

export type Registry = Readonly<Record<string, PluginFactory>>;

export const inTreeRegistry: Registry = {
  PrioritySort: () => new PrioritySort(),
  SchedulingGates: () => new SchedulingGates(),
  NodeName: () => new NodeName(),
  NodeUnschedulable: () => new NodeUnschedulable(),
  TaintToleration: () => new TaintToleration(),
  NodeAffinity: () => new NodeAffinity(),
  NodePorts: () => new NodePorts(),
  NodeResourcesFit: (args) => new NodeResourcesFit(args),
  NodeResourcesBalancedAllocation: (args) => new BalancedAllocation(args),
  ImageLocality: (_args, h) => new ImageLocality(h),
  InterPodAffinity: (args, h) => new InterPodAffinity(h, args),
  PodTopologySpread: (args, h) => new PodTopologySpread(h, args),
  DefaultBinder: (_args, h) => new DefaultBinder(h),
  DefaultPreemption: (args, h) => new DefaultPreemption(h, args),
};
