// Scheduler profiles (kubescheduler.config.k8s.io/v1 KubeSchedulerProfile, multi-point only): the default
// plugin set with upstream's order and weights, and upstream's merge of a profile's enabled/disabled lists
// into it.
import type { PluginSpec } from "./framework/framework.js";

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface KubeSchedulerProfile {
  /** Pods with this spec.schedulerName use this profile (default "default-scheduler"). */
  schedulerName?: string;
  /** Overrides the scheduler-wide percentageOfNodesToScore for this profile. */
  percentageOfNodesToScore?: number;
  plugins?: { multiPoint?: { enabled?: PluginRef[]; disabled?: { name: string }[] } };
  /** Plugin args by plugin name. */
  pluginConfig?: { name: string; args: unknown }[];
}

/** Upstream's getDefaultPlugins (volume and DRA plugins left out: k8ts does not schedule volumes). */
export const defaultPlugins: PluginRef[] = [
  { name: "SchedulingGates" },
  { name: "PrioritySort" },
  { name: "NodeUnschedulable" },
  { name: "NodeName" },
  { name: "TaintToleration", weight: 3 },
  { name: "NodeAffinity", weight: 2 },
  { name: "NodePorts" },
  { name: "NodeResourcesFit", weight: 1 },
  { name: "PodTopologySpread", weight: 2 },
  { name: "InterPodAffinity", weight: 2 },
  { name: "DefaultPreemption" },
  { name: "NodeResourcesBalancedAllocation", weight: 1 },
  { name: "ImageLocality", weight: 1 },
  { name: "DefaultBinder" },
];

/** mergePluginSet: defaults minus disabled ("*" disables all), re-configured in place, then the rest appended. */
export function pluginsForProfile(p: KubeSchedulerProfile): PluginSpec[] {
  const mp = p.plugins?.multiPoint ?? {};
  const disabled = new Set((mp.disabled ?? []).map((d) => d.name));
  const custom = new Map((mp.enabled ?? []).map((e, i) => [e.name, { e, i }]));
  const replaced = new Set<number>();
  const out: PluginRef[] = [];
  if (!disabled.has("*"))
    for (const d of defaultPlugins) {
      if (disabled.has(d.name)) continue;
      const c = custom.get(d.name);
      if (c) {
        replaced.add(c.i);
        out.push(c.e);
      } else out.push(d);
    }
  (mp.enabled ?? []).forEach((e, i) => {
    if (!replaced.has(i)) out.push(e);
  });
  const args = new Map((p.pluginConfig ?? []).map((c) => [c.name, c.args]));
  return out.map((r) => ({ name: r.name, weight: r.weight, args: args.get(r.name) }));
}
