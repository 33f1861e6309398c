// What every controller in the controller manager is: a named loop started with a shared context and run
// until its signal aborts. Controllers reach the cluster only through the client library (informers for
// reads, the REST client for writes), exactly as they would from another host.
import type { RestClient } from "../client/rest/client.js";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { EventRecorder } from "../client/record/recorder.js";
import type { Logger } from "../client/log.js";

/** Periods and sizes, upstream's defaults; tests shorten them. */
export interface ControllerOptions {
  /** Concurrent reconciles per controller (upstream: 5 for deployments/replicasets, 20 for GC, ...). */
  workers?: number;
  /** Node lifecycle: how long without a Lease renewal before a node is NotReady/Unknown (upstream 40 s). */
  nodeMonitorGracePeriodMs?: number;
  /** Node lifecycle: how often nodes are checked (upstream 5 s). */
  nodeMonitorPeriodMs?: number;
  /** PodGC: terminated pods kept before the oldest are deleted (upstream 12500). */
  terminatedPodGCThreshold?: number;
  /** Cluster pod CIDR for node IPAM (10.42.0.0/16, a /24 per node). */
  clusterCIDR?: string;
  nodeCIDRMaskSize?: number;
  /** CSR signing: the cluster CA (--cluster-signing-cert-file/--cluster-signing-key-file) and the longest validity. */
  clusterSigning?: { cert: string; key: string; durationSeconds?: number };
  /** Root CA publisher: the CA bundle pods trust for the API server (--root-ca-file). */
  rootCA?: string;
}

export interface ControllerContext {
  client: RestClient;
  informers: SharedInformerFactory;
  /** An event recorder for the given component name (e.g. "deployment-controller"). */
  recorder(component: string): EventRecorder;
  log: Logger;
  options: ControllerOptions;
}

export interface Controller {
  readonly name: string;
  /** Registers informers/handlers synchronously, then runs until the signal aborts. */
  run(signal: AbortSignal): Promise<void>;
}

export type ControllerConstructor = (ctx: ControllerContext) => Controller;
