// The cloud controller manager: the provider named in the options (from providers/index.ts) and the cloud
// controllers it supports — the service (load balancer) controller when it has load balancers, the cloud node
// controller when it has instances — run together until the signal aborts.
import type { CloudContext } from "./context.js";
import type { CloudProvider } from "./provider.js";
import { cloudProviders } from "./providers/index.js";
import { ServiceController } from "./service/controller.js";
import { CloudNodeController } from "./node/controller.js";
import { CloudNodeLifecycleController } from "./node/lifecycle.js";

export interface CloudControllerManagerOptions {
  /** A registered provider name ("local"). */
  provider: string;
  /** The provider's own configuration (for `local`: addresses, externalIPs). */
  providerConfig?: Record<string, unknown>;
  /** Upstream --cluster-name ("kubernetes"). */
  clusterName?: string;
  /** Upstream --concurrent-service-syncs (1). */
  workers?: number;
  /** Upstream --node-status-update-frequency (5 min). */
  nodeStatusUpdateFrequencyMs?: number;
  /** Upstream --node-monitor-period (5 s), for the cloud node lifecycle controller. */
  nodeMonitorPeriodMs?: number;
}

export interface CloudControllerManager {
  readonly name: string;
  readonly provider: CloudProvider;
  run(signal: AbortSignal): Promise<void>;
}

export function createCloudControllerManager(
  ctx: CloudContext,
  o: CloudControllerManagerOptions,
): CloudControllerManager {
  const factory = cloudProviders[o.provider];
  if (!factory)
    throw new Error(
      `could not init cloud provider "${o.provider}": unknown cloud provider (known: ${Object.keys(cloudProviders).join(", ")})`,
    );
  const provider = factory(o.providerConfig ?? {});
  const log = ctx.log.child({ component: "cloud-controller-manager", provider: provider.name });
  const running: { name: string; run(signal: AbortSignal): Promise<void> }[] = [];
  const lb = provider.loadBalancer();
  if (lb)
    running.push(
      new ServiceController(ctx, lb, { clusterName: o.clusterName ?? "kubernetes", workers: o.workers }),
    );
  const instances = provider.instances();
  if (instances) {
    running.push(
      new CloudNodeLifecycleController(ctx, instances, { nodeMonitorPeriodMs: o.nodeMonitorPeriodMs }),
    );
    running.push(
      new CloudNodeController(ctx, instances, { nodeStatusUpdateFrequencyMs: o.nodeStatusUpdateFrequencyMs }),
    );
  }
  return {
    name: "cloud-controller-manager",
    provider,
    async run(signal) {
      log.info({ controllers: running.map((c) => c.name) }, "starting cloud controllers");
      await Promise.all(running.map((c) => c.run(signal)));
    },
  };
}
