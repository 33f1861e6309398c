// The namespaced resources deleter (pkg/controller/namespace/deletion/namespaced_resources_deleter.go): for a
// namespace being deleted, mark it Terminating, delete everything in it through the API (a deletecollection
// per resource, or one delete per item, always with background propagation), report progress in the
// namespace's conditions, and once nothing remains remove the "kubernetes" finalizer through /finalize.
import type { Namespace, NamespaceStatus } from "../../api/core/v1/namespace.js";
import { namespaces } from "../../api/core/v1/namespace.js";
import { allResources, defaultVerbs, type ResourceType } from "../../api/index.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { RestClient, ResourceClient } from "../../client/rest/client.js";
import { clientFor } from "../../client/index.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import type { Logger } from "../../client/log.js";
import { errorMessage, isMethodNotSupported } from "../util/errors.js";
import { timeMs } from "../util/pod.js";
import { NamespaceConditionUpdater, type ContentTotals } from "./conditions.js";

/** The finalizer token this controller owns in spec.finalizers. */
export const finalizerKubernetes = "kubernetes";
/** Assumed time for finalizers on remaining items to complete. */
export const finalizerEstimateSeconds = 15;

/** Some content remains; look again after about half the estimate. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
  }
}

/** Namespaced resources that can be deleted, one (preferred) version each. */
export function namespacedDeletableResources(
  resources: readonly ResourceType[] = allResources,
): ResourceType[] {
  const seen = new Set<string>();
  const out: ResourceType[] = [];
  for (const rt of resources) {
    const gr = `${rt.group}/${rt.plural}`;
    if (!rt.namespaced || seen.has(gr) || !(rt.verbs ?? defaultVerbs).includes("delete")) continue;
    seen.add(gr);
    out.push(rt);
  }
  return out;
}

/** schema.GroupVersionResource's String(): "apps/v1, Resource=deployments". */
const gvrString = (rt: ResourceType) => `${rt.group}/${rt.version}, Resource=${rt.plural}`;

interface GVRDeletion {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

export class NamespacedResourcesDeleter {
  private readonly nsClient: ResourceClient<Namespace>;
  private readonly resources: ResourceType[];

  constructor(
    private readonly client: RestClient,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    resources?: readonly ResourceType[],
  ) {
    this.nsClient = clientFor<Namespace>(client, namespaces);
    this.resources = namespacedDeletableResources(resources);
  }

  /** Delete: resolves when the namespace is finalized (or gone); throws ResourcesRemainingError to wait. */
  async delete(name: string): Promise<void> {
    let ns: Namespace;
    try {
      ns = await this.nsClient.get("", name);
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!ns.metadata.deletionTimestamp) return;
    try {
      ns = await this.retryOnConflict(ns, (n) => this.updateNamespaceStatus(n));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (!ns.metadata.deletionTimestamp) return;
    if ((ns.spec?.finalizers ?? []).length === 0) return; // finalized already
    const estimate = await this.deleteAllContent(ns);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);
    try {
      await this.retryOnConflict(ns, (n) => this.finalizeNamespace(n));
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
  }

  private async retryOnConflict(
    ns: Namespace,
    fn: (ns: Namespace) => Promise<Namespace>,
  ): Promise<Namespace> {
    let latest = ns;
    for (;;) {
      try {
        return await fn(latest);
      } catch (e) {
        if (!isConflict(e)) throw e;
        const prev = latest;
        latest = await this.nsClient.get("", prev.metadata.name ?? "");
        if (latest.metadata.uid !== prev.metadata.uid)
          throw new Error("namespace uid has changed across retries");
      }
    }
  }

  /** updateNamespaceStatusFunc: phase Terminating once deletion started. */
  private async updateNamespaceStatus(ns: Namespace): Promise<Namespace> {
    if (!ns.metadata.deletionTimestamp || ns.status?.phase === "Terminating") return ns;
    const copy = structuredClone(ns);
    copy.status = { ...(copy.status ?? {}), phase: "Terminating" };
    return this.nsClient.updateStatus("", ns.metadata.name ?? "", copy);
  }

  /** finalizeNamespace: PUT /finalize with our token removed from spec.finalizers. */
  private async finalizeNamespace(ns: Namespace): Promise<Namespace> {
    const rest = [...new Set((ns.spec?.finalizers ?? []).filter((f) => f !== finalizerKubernetes))].sort();
    const body: Namespace = {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: ns.metadata,
      spec: { ...(ns.spec ?? {}), finalizers: rest },
    };
    try {
      return await this.client.raw<Namespace>(
        "PUT",
        this.nsClient.path("", ns.metadata.name, "finalize"),
        body,
      );
    } catch (e) {
      if (isNotFound(e)) return ns;
      throw e;
    }
  }

  /** deleteCollection: false when the resource does not support it. */
  private async deleteCollection(
    rt: ResourceType,
    rc: ResourceClient<KubeObject>,
    ns: string,
  ): Promise<boolean> {
    if (!(rt.verbs ?? defaultVerbs).includes("deletecollection")) return false;
    try {
      // Background propagation: the namespace controller does not want orphan finalizers added.
      await this.client.raw("DELETE", rc.path(ns), { propagationPolicy: "Background" });
      return true;
    } catch (e) {
      if (isMethodNotSupported(e) || isNotFound(e)) return false;
      throw e;
    }
  }

  /** listCollection: undefined when list is not supported. */
  private async listCollection(
    rt: ResourceType,
    rc: ResourceClient<KubeObject>,
    ns: string,
  ): Promise<KubeObject[] | undefined> {
    if (!(rt.verbs ?? defaultVerbs).includes("list")) return undefined;
    try {
      return (await rc.list(ns)).items;
    } catch (e) {
      if (isMethodNotSupported(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  private async deleteEachItem(rt: ResourceType, rc: ResourceClient<KubeObject>, ns: string): Promise<void> {
    const items = await this.listCollection(rt, rc, ns);
    for (const item of items ?? []) {
      try {
        await rc.delete(ns, item.metadata.name ?? "", { propagationPolicy: "Background" });
      } catch (e) {
        if (!isNotFound(e) && !isMethodNotSupported(e)) throw e;
      }
    }
  }

  /** estimateGracefulTermination: pods may take their grace period; other kinds none. */
  private async estimate(rt: ResourceType, ns: string, deletedAt: number): Promise<number> {
    if (rt.group !== "" || rt.plural !== "pods") return 0;
    let estimate = 0;
    const pods = await this.client
      .resource<KubeObject>({ group: "", version: "v1", resource: "pods", namespaced: true })
      .list(ns);
    for (const p of pods.items as any[]) {
      const phase = p.status?.phase;
      if (phase === "Succeeded" || phase === "Failed") continue;
      const grace = p.spec?.terminationGracePeriodSeconds;
      if (typeof grace === "number" && grace > estimate) estimate = grace;
    }
    // Past the grace period since the namespace went, nothing more is to be expected from waiting.
    return this.now() - deletedAt >= estimate * 1000 ? 0 : estimate;
  }

  /** deleteAllContentForGroupVersionResource */
  private async deleteAllFor(rt: ResourceType, ns: string, deletedAt: number): Promise<GVRDeletion> {
    const rc = clientFor<KubeObject>(this.client, rt);
    const estimate = await this.estimate(rt, ns, deletedAt);
    const result: GVRDeletion = { estimate, remaining: 0, finalizers: new Map() };
    if (!(await this.deleteCollection(rt, rc, ns))) await this.deleteEachItem(rt, rc, ns);
    const left = await this.listCollection(rt, rc, ns);
    if (!left || left.length === 0) return { ...result, estimate: left ? 0 : estimate };
    result.remaining = left.length;
    for (const item of left)
      for (const f of item.metadata.finalizers ?? [])
        result.finalizers.set(f, (result.finalizers.get(f) ?? 0) + 1);
    if (estimate !== 0) return result;
    // Items with finalizers are normal: give the finalizers (e.g. the garbage collector's) time.
    if (result.finalizers.size) return { ...result, estimate: finalizerEstimateSeconds };
    const err = new Error(`unexpected items still remain in namespace: ${ns} for gvr: ${gvrString(rt)}`);
    (err as Error & { partial?: GVRDeletion }).partial = result;
    throw err;
  }

  /** deleteAllContent: the estimate of seconds until the namespace is empty (0 = empty now). */
  private async deleteAllContent(ns: Namespace): Promise<number> {
    const name = ns.metadata.name ?? "";
    const deletedAt = timeMs(ns.metadata.deletionTimestamp) ?? this.now();
    const updater = new NamespaceConditionUpdater(this.now());
    const totals: ContentTotals = { remaining: new Map(), finalizers: new Map() };
    const errs: string[] = [];
    let estimate = 0;
    for (const rt of this.resources) {
      let r: GVRDeletion;
      try {
        r = await this.deleteAllFor(rt, name, deletedAt);
      } catch (e) {
        errs.push(errorMessage(e));
        updater.processDeleteContentErr(errorMessage(e));
        const partial = (e as Error & { partial?: GVRDeletion }).partial;
        if (!partial) continue;
        r = partial;
      }
      if (r.estimate > estimate) estimate = r.estimate;
      if (r.remaining > 0) {
        totals.remaining.set(`${rt.plural}.${rt.group}`, r.remaining);
        for (const [f, n] of r.finalizers)
          if (n > 0) totals.finalizers.set(f, (totals.finalizers.get(f) ?? 0) + n);
      }
    }
    updater.processContentTotals(totals);
    // Always reflect the outcome: a condition that was failing may be fine now.
    const status: NamespaceStatus = structuredClone(ns.status ?? {});
    if (updater.update(status)) {
      try {
        const copy = structuredClone(ns);
        copy.status = status;
        const res = await this.nsClient.updateStatus("", name, copy);
        ns.metadata.resourceVersion = res.metadata.resourceVersion;
        ns.status = res.status;
      } catch (e) {
        this.log.warn(
          { namespace: name, err: errorMessage(e) },
          "couldn't update status condition for namespace",
        );
      }
    }
    this.log.debug(
      { namespace: name, estimate, errors: errs.length },
      "namespace controller - deleteAllContent",
    );
    if (errs.length === 1) throw new Error(errs[0]);
    if (errs.length > 1) throw new Error(`[${errs.join(", ")}]`);
    return estimate;
  }
}
