// kube-scheduler for k8ts: createScheduler wires the scheduler core (queue, cache, framework profiles) to
// shared informers — pods, nodes, namespaces, PriorityClasses, PodDisruptionBudgets, and the Services,
// ReplicaSets and StatefulSets the default topology spread reads — and returns a component to run.
// Leader election is wrapped around it by whoever starts it (`k8ts server`).
import { Scheduler } from "./schedule-one.js";
import { addAllEventHandlers } from "./eventhandlers.js";
import { PodInfo } from "./framework/pod-info.js";
import type { EventSink } from "./framework/interface.js";
import type { Pod } from "./framework/types.js";
import type { KubeSchedulerProfile } from "./profile.js";
import type { Registry } from "./framework/registry.js";
import type { RestClient } from "../client/rest/client.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { Lister } from "../client/informer/cache.js";
import type { Logger } from "../client/log.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import { pods } from "../api/core/v1/pod.js";
import { nodes } from "../api/core/v1/node.js";
import { namespaces } from "../api/core/v1/namespace.js";
import { services } from "../api/core/v1/service.js";
import { priorityClasses } from "../api/scheduling/v1/priorityclass.js";
import { poddisruptionbudgets } from "../api/policy/v1/poddisruptionbudget.js";
import { replicasets } from "../api/apps/v1/replicaset.js";
import { statefulsets } from "../api/apps/v1/statefulset.js";

export interface SchedulerContext {
  client: RestClient;
  informers: SharedInformerFactory;
  /** An event sink for a component name (the client's EventRecorder per component). */
  recorder(component: string): EventSink;
  log: Logger;
}

export interface SchedulerOptions {
  /** The one profile's name when `profiles` is not given (default "default-scheduler"). */
  schedulerName?: string;
  profiles?: KubeSchedulerProfile[];
  /** 0..100; unset or 0 is adaptive as upstream (50 − nodes/125 %, at least 5 %, at least 100 nodes). */
  percentageOfNodesToScore?: number;
  /** Upstream: 1 s and 10 s. */
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** How long an assumed pod waits for its binding to show in the informer (upstream: 15 min). */
  assumedPodTTLMs?: number;
  registry?: Registry;
  now?: () => number;
  random?: () => number;
}

export interface RunningScheduler {
  readonly name: "scheduler";
  /** Starts the informers, waits for their caches, then schedules until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** The core, for tests and introspection. */
  readonly core: Scheduler;
}

/** A pod's priority and preemption policy: its spec (set by the Priority admission plugin), else its PriorityClass. */
export function priorityResolver(pcs: Lister<KubeObject>): (pod: Pod) => PodInfo {
  return (pod) => {
    const spec = pod.spec;
    let priority = spec?.priority;
    let policy = spec?.preemptionPolicy;
    if (priority === undefined) {
      const name = spec?.priorityClassName;
      const pc = (name ? pcs.get("", name) : pcs.list().find((p) => (p as any).globalDefault === true)) as
        { value?: number; preemptionPolicy?: string } | undefined;
      priority = pc?.value ?? 0;
      policy ??= pc?.preemptionPolicy;
    }
    return new PodInfo(pod, priority, policy ?? "PreemptLowerPriority");
  };
}

export function createScheduler(ctx: SchedulerContext, opts: SchedulerOptions = {}): RunningScheduler {
  const f = ctx.informers;
  const podInformer = f.informerFor<KubeObject>(pods);
  const nodeInformer = f.informerFor<KubeObject>(nodes);
  const pcInformer = f.informerFor<KubeObject>(priorityClasses);
  const listers = {
    pods: podInformer.lister,
    namespaces: f.informerFor<KubeObject>(namespaces).lister,
    podDisruptionBudgets: f.informerFor<KubeObject>(poddisruptionbudgets).lister,
    services: f.informerFor<KubeObject>(services).lister,
    replicaSets: f.informerFor<KubeObject>(replicasets).lister,
    statefulSets: f.informerFor<KubeObject>(statefulsets).lister,
  };
  const profiles = opts.profiles?.length
    ? opts.profiles
    : [{ schedulerName: opts.schedulerName ?? "default-scheduler" }];
  const log = ctx.log.child({ component: "scheduler" });
  const core = new Scheduler({
    profiles,
    percentageOfNodesToScore: opts.percentageOfNodesToScore,
    registry: opts.registry,
    client: ctx.client,
    listers,
    recorder: (name) => ctx.recorder(name),
    log,
    now: opts.now,
    random: opts.random,
    podInfoFor: priorityResolver(pcInformer.lister),
    podInitialBackoffMs: opts.podInitialBackoffMs,
    podMaxBackoffMs: opts.podMaxBackoffMs,
    assumedPodTTLMs: opts.assumedPodTTLMs,
  });
  addAllEventHandlers(core, podInformer, nodeInformer);
  return {
    name: "scheduler",
    core,
    async run(signal: AbortSignal): Promise<void> {
      f.start(signal);
      await Promise.race([
        f.waitForCacheSync(),
        new Promise<void>((r) => signal.addEventListener("abort", () => r(), { once: true })),
      ]);
      if (signal.aborted) return;
      log.info({ profiles: [...core.frameworks.keys()], nodes: core.cache.nodeCount }, "scheduler started");
      await core.run(signal);
    },
  };
}
