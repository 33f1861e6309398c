// A Deployment's ReplicaSets (pkg/controller/deployment/util, pkg/controller/controller_utils.go): the new
// one is the oldest whose template equals the Deployment's (ignoring pod-template-hash); the rest are old.
// Orderings used for scaling and cleanup, and the replica counts summed over a set of ReplicaSets.
import type { PodTemplateSpec } from "../../api/core/v1/pod.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { timeMs } from "../util/pod.js";
import { revisionOf } from "./annotations.js";
import { podTemplateHashLabel, replicasOf, type RS, type ReadonlyDeployment } from "./types.js";

/**
 * apiequality.Semantic.DeepEqual over JSON: absent, null, empty objects and empty lists are equal (Go's
 * nil and empty slices/maps are), so `creationTimestamp: null` or `resources: {}` never makes a difference.
 */
function normalize(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.length ? v.map((x) => normalize(x) ?? null) : undefined;
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalize((v as Record<string, unknown>)[k]);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return v;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** EqualIgnoreHash: the templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(
  t1: DeepReadonly<PodTemplateSpec> | undefined,
  t2: DeepReadonly<PodTemplateSpec> | undefined,
): boolean {
  const strip = (t: DeepReadonly<PodTemplateSpec> | undefined) => {
    if (!t) return t;
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[podTemplateHashLabel];
    return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(t1), strip(t2));
}

const created = (rs: RS) => timeMs(rs.metadata.creationTimestamp) ?? 0;
const name = (rs: RS) => rs.metadata.name ?? "";

/** ReplicaSetsByCreationTimestamp.Less */
export function olderThan(a: RS, b: RS): boolean {
  const ca = created(a);
  const cb = created(b);
  return ca === cb ? name(a) < name(b) : ca < cb;
}

const toCompare = (less: (a: RS, b: RS) => boolean) => (a: RS, b: RS) =>
  less(a, b) ? -1 : less(b, a) ? 1 : 0;

export const byCreationTimestamp = toCompare(olderThan);

/** ReplicaSetsBySizeNewer: larger first; equal sizes newest first (scaling up). */
export const bySizeNewer = toCompare((a, b) =>
  replicasOf(a) === replicasOf(b) ? olderThan(b, a) : replicasOf(a) > replicasOf(b),
);

/** ReplicaSetsBySizeOlder: larger first; equal sizes oldest first (scaling down). */
export const bySizeOlder = toCompare((a, b) =>
  replicasOf(a) === replicasOf(b) ? olderThan(a, b) : replicasOf(a) > replicasOf(b),
);

/** ReplicaSetsByRevision: lowest revision first; unparsable or equal revisions by creation time. */
export const byRevision = toCompare((a, b) => {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return olderThan(a, b);
  return ra < rb;
});

/** FindNewReplicaSet: the oldest ReplicaSet whose template matches the Deployment's. */
export function findNewReplicaSet(d: ReadonlyDeployment, rsList: readonly RS[]): RS | undefined {
  return [...rsList]
    .sort(byCreationTimestamp)
    .find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: [old ones with replicas, all old ones]. */
export function findOldReplicaSets(d: ReadonlyDeployment, rsList: readonly RS[]): [RS[], RS[]] {
  const newRS = findNewReplicaSet(d, rsList);
  const all = rsList.filter((rs) => !newRS || rs.metadata.uid !== newRS.metadata.uid);
  return [all.filter((rs) => replicasOf(rs) !== 0), all];
}

/** FilterActiveReplicaSets: those that have (or ought to have) pods. */
export const filterActive = (rss: readonly (RS | undefined)[]): RS[] =>
  rss.filter((rs): rs is RS => !!rs && replicasOf(rs) > 0);

const sum = (rss: readonly (RS | undefined)[], f: (rs: RS) => number) =>
  rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

export const actualReplicas = (rss: readonly (RS | undefined)[]) =>
  sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicas = (rss: readonly (RS | undefined)[]) =>
  sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicas = (rss: readonly (RS | undefined)[]) =>
  sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
