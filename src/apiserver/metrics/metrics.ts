// The API server's /metrics: upstream's request metrics (k8s.io/apiserver/pkg/endpoints/metrics), the stored
// object counts (pkg/storage/etcd3/metrics) and the process metrics, in the Prometheus text format. Names,
// types, labels, buckets and help texts (with component-base's stability prefix) are upstream's.
//
// Each server has its own registry: tests run many servers in one process. The process metrics describe the
// process, so they live in one registry shared by every server, made on first use.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { Watermark } from "./watermark.js";

/** The component label of requests served by the API server's own handlers. */
export const apiServerComponent = "apiserver";

const requestLabelNames = [
  "verb",
  "dry_run",
  "group",
  "version",
  "resource",
  "subresource",
  "scope",
  "component",
] as const;
/** The labels of apiserver_request_total (less code) and apiserver_request_duration_seconds. */
export type RequestLabels = Record<(typeof requestLabelNames)[number], string>;
/** Response sizes and long-running requests are broken out without dry_run. */
const withoutDryRun = ["verb", "group", "version", "resource", "subresource", "scope", "component"] as const;

/** apiserver_request_duration_seconds' buckets: chosen upstream for the API call latency SLO. */
export const requestDurationBuckets = [
  0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60,
];
/** apiserver_response_sizes' buckets: ExponentialBuckets(1000, 10, 7), 1 kB to 1 GB. */
export const responseSizeBuckets = [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** The request's labels for the metrics upstream breaks out without dry_run. */
function withoutDryRunLabels(l: RequestLabels): Record<(typeof withoutDryRun)[number], string> {
  return {
    verb: l.verb,
    group: l.group,
    version: l.version,
    resource: l.resource,
    subresource: l.subresource,
    scope: l.scope,
    component: l.component,
  };
}

export type RequestKind = "readOnly" | "mutating";

export interface ApiServerMetricsOptions {
  /** Objects stored per resource ("pods", "deployments.apps"), read at each scrape. */
  storageObjects: () => Iterable<[resource: string, count: number]>;
  /** Milliseconds, for the in-flight watermark (default performance.now). */
  now?: () => number;
}

export class ApiServerMetrics {
  readonly registry = new Registry();
  readonly contentType = this.registry.contentType;
  private readonly now: () => number;
  private readonly inflight: Record<RequestKind, Watermark>;
  private readonly requests: Counter<string>;
  private readonly durations: Histogram<string>;
  private readonly sizes: Histogram<string>;
  private readonly longRunning: Gauge<string>;

  constructor(opts: ApiServerMetricsOptions) {
    const registers = [this.registry];
    this.now = opts.now ?? (() => performance.now());
    const t = this.now();
    const inflight = (this.inflight = { readOnly: new Watermark(t), mutating: new Watermark(t) });
    const now = this.now;
    this.requests = new Counter({
      name: "apiserver_request_total",
      help: "[STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.",
      labelNames: [...requestLabelNames, "code"],
      registers,
    });
    this.durations = new Histogram({
      name: "apiserver_request_duration_seconds",
      help: "[STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.",
      labelNames: requestLabelNames,
      buckets: requestDurationBuckets,
      registers,
    });
    this.sizes = new Histogram({
      name: "apiserver_response_sizes",
      help: "[STABLE] Response size distribution in bytes for each group, version, verb, resource, subresource, scope and component.",
      labelNames: withoutDryRun,
      buckets: responseSizeBuckets,
      registers,
    });
    this.longRunning = new Gauge({
      name: "apiserver_longrunning_requests",
      help: "[STABLE] Gauge of all active long-running apiserver requests broken out by verb, group, version, resource, scope and component. Not all requests are tracked this way.",
      labelNames: withoutDryRun,
      registers,
    });
    new Gauge({
      name: "apiserver_current_inflight_requests",
      help: "[STABLE] Maximal number of currently used inflight request limit of this apiserver per request kind in last second.",
      labelNames: ["request_kind"],
      registers,
      collect() {
        const t = now();
        this.set({ request_kind: "mutating" }, inflight.mutating.read(t));
        this.set({ request_kind: "readOnly" }, inflight.readOnly.read(t));
      },
    });
    new Gauge({
      name: "apiserver_storage_objects",
      help: "[STABLE] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.",
      labelNames: ["resource"],
      registers,
      // the watch cache already holds the counts: reading them at each scrape is as cheap as a poll
      collect() {
        this.reset();
        for (const [resource, n] of opts.storageObjects()) this.set({ resource }, n);
      },
    });
  }

  /** A request enters the handler chain (authenticated, not long-running); `release` it when it ends. */
  admit(kind: RequestKind): Watermark {
    const w = this.inflight[kind];
    w.admit(this.now());
    return w;
  }

  /** A watch or stream is open; the returned function closes it. */
  startLongRunning(l: RequestLabels): () => void {
    const labels = withoutDryRunLabels(l);
    this.longRunning.inc(labels);
    return () => this.longRunning.dec(labels);
  }

  /** A request ended (a watch or stream: when it closed, as upstream observes them). */
  observe(l: RequestLabels, code: number, seconds: number, responseBytes?: number): void {
    this.requests.inc({ ...l, code: String(code) });
    this.durations.observe(l, seconds);
    if (responseBytes !== undefined) this.sizes.observe(withoutDryRunLabels(l), responseBytes);
  }

  /** DELETE /metrics (upstream's MetricsWithReset, on while --profiling is, its default): the request
   * counters and histograms start again. Gauges keep counting what is open now. */
  reset(): void {
    this.requests.reset();
    this.durations.reset();
    this.sizes.reset();
  }

  /** The exposition: this server's metrics, then the process's. */
  async expose(): Promise<string> {
    const [own, proc] = await Promise.all([this.registry.metrics(), processRegistry().metrics()]);
    return `${own}\n${proc}`;
  }
}

let processMetrics: Registry | undefined;
function processRegistry(): Registry {
  if (!processMetrics) {
    const reg = (processMetrics = new Registry());
    const before = process.cpuUsage();
    collectDefaultMetrics({ register: reg });
    // prom-client counts CPU from its first collector on; upstream's (and Go's) process collector reports
    // the whole process's, so the time before is added once
    const seed = (name: string, micros: number) => (reg.getSingleMetric(name) as Counter).inc(micros / 1e6);
    seed("process_cpu_user_seconds_total", before.user);
    seed("process_cpu_system_seconds_total", before.system);
    seed("process_cpu_seconds_total", before.user + before.system);
  }
  return processMetrics;
}
