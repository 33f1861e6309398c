// Runs the control-plane components inside `k8ts server`: each reaches the API server through the client
// library over loopback HTTPS, exactly as it would from another host, and each leader-elects on its own
// Lease so that two servers sharing a store never run two controller managers or schedulers at once.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { RestClient } from "../client/rest/client.js";
import type { RestConfig } from "../client/rest/config.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { EventRecorder, type CoreEvent } from "../client/record/recorder.js";
import { LeaderElector, type Lease } from "../client/leaderelection/leaderelection.js";
import { clientFor } from "../client/index.js";
import type { Logger } from "../client/log.js";
import { events } from "../api/core/v1/event.js";
import { leases } from "../api/coordination/v1/lease.js";
import { controllers, type ControllerContext, type ControllerOptions } from "../controllers/index.js";
import { createScheduler } from "../scheduler/scheduler.js";
import { createSimulatedNodes, type SimulatedNodesOptions } from "../kubelet/simulated/index.js";

export interface ComponentOptions {
  rest: RestConfig;
  log: Logger;
  /** Controller names to leave out ("-name" entries of --controllers, or the whole manager with "-*"). */
  disabledControllers: string[];
  controllerOptions: ControllerOptions;
  /** Each controller's own credentials (its ServiceAccount's token; src/cli/identities.ts), else o.rest's. */
  controllerCredentials?: (controller: string, signal: AbortSignal) => Promise<RestConfig | undefined>;
}

/**
 * A context for one component, with its own client (so QPS limits are per component, as upstream). Once
 * `signal` aborts (shutdown), events still queued fail against the closed server without a warning each.
 */
export function componentContext(
  o: ComponentOptions,
  component: string,
  limits = { qps: 500, burst: 1000 },
  signal?: AbortSignal,
): ControllerContext & { client: RestClient } {
  const client = new RestClient({ ...o.rest, ...limits, userAgent: `k8ts/${component}` });
  const informers = new SharedInformerFactory(client, {
    onError: (err) => o.log.warn({ component, err: String(err) }, "informer error"),
  });
  return {
    client,
    informers,
    recorder: (name) =>
      new EventRecorder({
        events: clientFor<CoreEvent>(client, events),
        component: name,
        host: hostname(),
        onError: (err) =>
          signal?.aborted || o.log.warn({ component: name, err: String(err) }, "event not recorded"),
      }),
    log: o.log.child({ component }),
    options: o.controllerOptions,
  };
}

/** Runs `lead(signal)` only while holding the named Lease in kube-system. */
export async function runLeaderElected(
  o: ComponentOptions,
  name: string,
  signal: AbortSignal,
  lead: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const client = new RestClient({ ...o.rest, qps: 20, burst: 40, userAgent: `k8ts/${name}/leader-election` });
  const identity = `${hostname()}_${randomUUID()}`;
  const log = o.log.child({ component: name });
  const elector = new LeaderElector({
    leases: clientFor<Lease>(client, leases),
    namespace: "kube-system",
    name,
    identity,
    onStartedLeading: async (s) => {
      log.info({ identity }, "became leader");
      await lead(s);
    },
    onStoppedLeading: () => log.info({ identity }, "stopped leading"),
    onNewLeader: (holder) => holder !== identity && log.info({ holder }, "new leader"),
  });
  try {
    await elector.run(signal);
  } finally {
    client.close();
  }
}

/** The controller manager: every registered controller not disabled, sharing one informer factory. */
export async function runControllerManager(o: ComponentOptions, signal: AbortSignal): Promise<void> {
  await runLeaderElected(o, "kube-controller-manager", signal, async (s) => {
    const ctx = componentContext(o, "kube-controller-manager", undefined, s);
    const enabled = Object.entries(controllers).filter(
      ([name]) => !o.disabledControllers.includes(name) && !o.disabledControllers.includes("*"),
    );
    // informers stay shared (the manager's own list/watch rights); writes go through each controller's client
    const own = await Promise.all(
      enabled.map(async ([name]) => {
        const cfg = await o.controllerCredentials?.(name, s);
        return (
          cfg && {
            ...componentContext({ ...o, rest: cfg }, "kube-controller-manager", undefined, s),
            informers: ctx.informers,
          }
        );
      }),
    );
    const started = enabled.map(([name, make], i) => {
      ctx.log.info({ controller: name }, "starting controller");
      return make(own[i] ?? ctx).run(s);
    });
    ctx.informers.start(s);
    await Promise.all(started);
    await ctx.informers.stopped();
    ctx.client.close();
    for (const c of own) c?.client.close();
  });
}

/** The scheduler (default-scheduler). Each pod costs a bind and an event, so it gets a high client QPS. */
export async function runScheduler(o: ComponentOptions, signal: AbortSignal): Promise<void> {
  await runLeaderElected(o, "kube-scheduler", signal, async (s) => {
    const ctx = componentContext(o, "kube-scheduler", { qps: 5000, burst: 10000 }, s);
    try {
      await createScheduler(ctx).run(s);
    } finally {
      ctx.client.close();
    }
  });
}

/** Simulated nodes (what KWOK does): N Node objects whose kubelet runs no processes. Not leader-elected: each
 * server that is asked to simulate nodes registers its own. `o.rest` is their one shared identity
 * (system:k8ts:simulated-nodes): the Node authorizer wants a user per node, which thousands of nodes in one
 * process do not have. */
export async function runSimulatedNodes(
  o: ComponentOptions,
  nodes: SimulatedNodesOptions,
  signal: AbortSignal,
): Promise<void> {
  const ctx = componentContext(o, "simulated-kubelet", { qps: 5000, burst: 10000 });
  try {
    await createSimulatedNodes(ctx, nodes).run(signal);
  } finally {
    ctx.client.close();
  }
}
