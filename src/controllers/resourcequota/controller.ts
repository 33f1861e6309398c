// The resource quota controller (pkg/controller/resourcequota): keeps each ResourceQuota's status.hard (its
// spec.hard) and status.used (what the namespace uses of each constrained resource: pods, services, secrets,
// configmaps, cpu/memory requests and limits, count/<resource>.<group>, ...) current. A change to any
// counted object re-syncs the quotas of its namespace (upstream's replenishment), and every quota is
// re-checked each resync period (upstream --resource-quota-sync-period, 5 min). A scoped quota (Terminating,
// NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity) counts only its pods.
import type { Controller, ControllerContext } from "../controller.js";
import { allResources } from "../../api/index.js";
import type { ResourceType } from "../../api/registry.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { resourceQuotas, type ResourceQuota } from "../../api/core/v1/resourcequota.js";
import {
  addUsage,
  quotaMatchesScopes,
  quotaResourceFor,
  quotaScopes,
  usageOf,
  type Usage,
} from "../../api/core/v1/resourcequota-usage.js";
import { canonicalQuantity } from "../../api/resource/quantity.js";
import { clientFor } from "../../client/index.js";
import type { Informer } from "../../client/informer/informer.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { WorkQueue } from "../../client/workqueue/workqueue.js";
import { runWorkers } from "../../client/workqueue/worker.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import { waitForCacheSync } from "../util/cachesync.js";

export const defaultResyncPeriodMs = 5 * 60_000;
/** Upstream --concurrent-resource-quota-syncs. */
const defaultWorkers = 5;

/** The used amounts of `names`, from the namespace's objects (`objects(group, plural)`). */
export function computeUsed(
  names: string[],
  objects: (group: string, plural: string) => Iterable<KubeObject> | undefined,
  scopes: ReturnType<typeof quotaScopes> = [],
): Record<string, string> {
  const used: Usage = new Map();
  const counted = new Set<string>();
  const wanted = new Set(names);
  for (const name of names) {
    const r = quotaResourceFor(name);
    if (!r || counted.has(`${r.group}/${r.plural}`)) continue;
    counted.add(`${r.group}/${r.plural}`);
    for (const o of objects(r.group, r.plural) ?? []) {
      if (r.group === "" && r.plural === "pods" && o.metadata.deletionTimestamp) continue;
      if (!quotaMatchesScopes(scopes, r.group, r.plural, o)) continue;
      addUsage(used, new Map([...usageOf(r.group, r.plural, o)].filter(([k]) => wanted.has(k))));
    }
  }
  const out: Record<string, string> = {};
  for (const name of names) out[name] = canonicalQuantity(used.get(name) ?? 0);
  return out;
}

const sameMap = (a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined) => {
  const ka = Object.keys(a ?? {});
  return ka.length === Object.keys(b ?? {}).length && ka.every((k) => String(a![k]) === String(b?.[k]));
};

export class ResourceQuotaController implements Controller {
  readonly name = "resourcequota";
  private readonly queue = new WorkQueue<string>();
  private readonly log: Logger;
  private quotas!: Informer<ResourceQuota>;
  /** Informers of counted resources, by "group/plural". */
  private readonly monitors = new Map<string, Informer<KubeObject>>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly resyncMs = defaultResyncPeriodMs,
  ) {
    this.log = ctx.log.child({ controller: "resourcequota" });
  }

  private enqueueNamespace(ns: string | undefined): void {
    if (!ns || !this.quotas) return;
    for (const q of this.quotas.lister.list(ns)) this.queue.add(`${ns}/${q.metadata.name}`);
  }

  /** The informer counting a resource, started on first need (upstream's QuotaMonitor). */
  private monitor(group: string, plural: string): Informer<KubeObject> | undefined {
    const id = `${group}/${plural}`;
    const have = this.monitors.get(id);
    if (have) return have;
    // the group's preferred version: the first one registered
    const rt: ResourceType | undefined = allResources.find((r) => r.group === group && r.plural === plural);
    if (!rt || !rt.namespaced) return undefined;
    const inf = this.ctx.informers.informerFor<KubeObject>(rt);
    inf.addEventHandler({
      onAdd: (o) => this.enqueueNamespace(o.metadata.namespace),
      onUpdate: (_o, n) => this.enqueueNamespace(n.metadata.namespace),
      onDelete: (o) => this.enqueueNamespace(o.metadata.namespace),
    });
    this.monitors.set(id, inf);
    return inf;
  }

  async run(signal: AbortSignal): Promise<void> {
    this.quotas = this.ctx.informers.informerFor<ResourceQuota>(resourceQuotas);
    const key = (q: { metadata: { namespace?: string; name?: string } }) =>
      `${q.metadata.namespace}/${q.metadata.name}`;
    this.quotas.addEventHandler({
      onAdd: (q) => this.queue.add(key(q)),
      onUpdate: (_o, q) => this.queue.add(key(q)),
    });
    // what quotas usually count; others (count/<resource>) start when a quota names them
    for (const plural of ["pods", "services", "secrets", "configmaps", "persistentvolumeclaims"])
      this.monitor("", plural);
    if (!(await waitForCacheSync(signal, this.quotas, ...this.monitors.values()))) return;
    const resync = setInterval(() => {
      for (const q of this.quotas.lister.list()) this.queue.add(key(q));
    }, this.resyncMs);
    resync.unref();
    signal.addEventListener("abort", () => clearInterval(resync), { once: true });
    await runWorkers(
      this.queue,
      this.ctx.options.workers ?? defaultWorkers,
      (k) => this.sync(k),
      signal,
      (k, err, retries) =>
        this.log.warn({ quota: k, err: errorMessage(err), retries }, "syncing resource quota failed"),
    );
  }

  async sync(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const [ns, name] = key.split("/");
    const q = this.quotas.lister.get(ns, name) as ResourceQuota | undefined;
    if (!q) return;
    const hard = (q.spec?.hard ?? {}) as Record<string, string>;
    const names = Object.keys(hard);
    // a newly named resource's informer must list before its usage counts
    const pending = names
      .map((n) => quotaResourceFor(n))
      .map((r) => r && this.monitor(r.group, r.plural))
      .filter((i): i is Informer<KubeObject> => !!i && !i.hasSynced());
    if (pending.length) return { requeueAfterMs: 200 };
    const used = computeUsed(
      names,
      (group, plural) => this.monitors.get(`${group}/${plural}`)?.lister.list(ns) as KubeObject[] | undefined,
      quotaScopes(q.spec),
    );
    const hardStatus = Object.fromEntries(names.map((n) => [n, canonicalQuantity(hard[n])]));
    if (sameMap(q.status?.hard, hardStatus) && sameMap(q.status?.used, used)) return;
    const next = structuredClone(q);
    next.status = { hard: hardStatus, used };
    try {
      await clientFor<ResourceQuota>(this.ctx.client, resourceQuotas).updateStatus(ns, name, next);
      this.log.debug({ quota: key, used }, "updated quota usage");
    } catch (e) {
      if (isNotFound(e)) return;
      if (isConflict(e)) return { requeueAfterMs: 100 };
      throw e;
    }
  }
}

export function newResourceQuotaController(ctx: ControllerContext): Controller {
  return new ResourceQuotaController(ctx);
}
