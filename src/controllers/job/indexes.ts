// Completion indexes of Indexed Jobs (pkg/controller/job/indexed_job_utils.go): the index a pod runs, read
// from its annotation, and status.completedIndexes as ordered intervals in upstream's text form "1,3-5"
// (two adjacent indexes print as "1,2", a longer run as "first-last").
import type { DeepReadonly } from "../../client/informer/cache.js";
import type { PodObject } from "../util/podcontrol.js";

export const jobCompletionIndexAnnotation = "batch.kubernetes.io/job-completion-index";
export const jobCompletionIndexEnvName = "JOB_COMPLETION_INDEX";
export const unknownCompletionIndex = -1;

export interface Interval {
  first: number;
  last: number;
}
export type OrderedIntervals = Interval[];

/** getCompletionIndex: the annotation's value as a non-negative integer, else unknownCompletionIndex. */
export function getCompletionIndex(annotations: DeepReadonly<Record<string, string>> | undefined): number {
  const v = annotations?.[jobCompletionIndexAnnotation];
  if (v === undefined || !/^\d+$/.test(v)) return unknownCompletionIndex;
  const i = Number(v);
  return Number.isSafeInteger(i) && i <= 2147483647 ? i : unknownCompletionIndex;
}

/** parseIndexesFromString: invalid parts are skipped, indexes >= completions dropped. */
export function parseIndexes(text: string | undefined, completions: number): OrderedIntervals {
  const out: OrderedIntervals = [];
  if (!text) return out;
  for (const part of text.split(",")) {
    const [a, b] = part.split("-");
    const first = Number(a);
    const last = b === undefined ? first : Number(b);
    if (!Number.isInteger(first) || !Number.isInteger(last) || first < 0 || first >= completions) continue;
    const prev = out[out.length - 1];
    const iv = { first, last: Math.min(last, completions - 1) };
    if (prev && prev.last + 1 >= iv.first) prev.last = Math.max(prev.last, iv.last);
    else out.push(iv);
  }
  return out;
}

/** withOrderedIndexes: the union with a sorted list of indexes. */
export function withOrderedIndexes(oi: OrderedIntervals, newIndexes: readonly number[]): OrderedIntervals {
  return mergeIntervals(
    oi,
    newIndexes.map((i) => ({ first: i, last: i })),
  );
}

export function intervalsTotal(oi: OrderedIntervals): number {
  return oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function intervalsHas(oi: OrderedIntervals, ix: number): boolean {
  return oi.some((iv) => iv.first <= ix && ix <= iv.last);
}

/** orderedIntervals.String */
export function intervalsString(oi: OrderedIntervals): string {
  return oi
    .map((iv) => {
      if (iv.last === iv.first) return String(iv.first);
      return `${iv.first}${iv.last === iv.first + 1 ? "," : "-"}${iv.last}`;
    })
    .join(",");
}

/**
 * firstPendingIndexes: the lowest `count` indexes below completions that neither succeeded (nor failed:
 * pass them in `succeeded` too) nor have an active pod.
 */
export function firstPendingIndexes(
  activePods: readonly DeepReadonly<PodObject>[],
  succeeded: OrderedIntervals,
  count: number,
  completions: number,
): number[] {
  const taken = new Set<number>();
  for (const p of activePods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix !== unknownCompletionIndex) taken.add(ix);
  }
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++)
    if (!taken.has(ix) && !intervalsHas(succeeded, ix)) out.push(ix);
  return out;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without a valid index go to `rm`; of several pods with one
 * index, the one `deleteFirst` ranks last stays and the others go to `rm`.
 */
export function splitDuplicatedIndexPods<P extends DeepReadonly<PodObject>>(
  pods: readonly P[],
  completions: number,
  deleteFirst: (pods: P[]) => P[],
): { rm: P[]; left: P[] } {
  const rm: P[] = [];
  const left: P[] = [];
  const byIndex = new Map<number, P[]>();
  for (const p of pods) {
    const ix = getCompletionIndex(p.metadata?.annotations);
    if (ix === unknownCompletionIndex || ix >= completions) rm.push(p);
    else byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((x, y) => x - y)) {
    const group = deleteFirst(byIndex.get(ix) ?? []);
    rm.push(...group.slice(0, -1));
    left.push(group[group.length - 1]);
  }
  return { rm, left };
}

/** podGenerateNameWithIndex: "<job>-<index>-", the job name cut so the prefix fits 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendix = `-${index}-`;
  const maxGeneratedNameLength = 63 - 5;
  const prefix = jobName + appendix;
  return prefix.length > maxGeneratedNameLength
    ? jobName.slice(0, maxGeneratedNameLength - appendix.length) + appendix
    : prefix;
}

export const jobIndexFailureCountAnnotation = "batch.kubernetes.io/job-index-failure-count";
export const jobIndexIgnoredFailureCountAnnotation = "batch.kubernetes.io/job-index-ignored-failure-count";

/** parseInt32: a count annotation's value; 0 when absent, unparsable, negative or above int32. */
function parseCount(v: string | undefined): number {
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

/** getIndexFailureCount: failures of the pod's index before this pod (its annotation). */
export function getIndexFailureCount(p: DeepReadonly<PodObject>): number {
  return parseCount(p.metadata?.annotations?.[jobIndexFailureCountAnnotation]);
}

/** getIndexAbsoluteFailureCount: counted and ignored failures of the pod's index before this pod. */
export function getIndexAbsoluteFailureCount(p: DeepReadonly<PodObject>): number {
  return (
    getIndexFailureCount(p) + parseCount(p.metadata?.annotations?.[jobIndexIgnoredFailureCountAnnotation])
  );
}

/** merge: the union of two interval lists. */
export function mergeIntervals(a: OrderedIntervals, b: OrderedIntervals): OrderedIntervals {
  const all = [...a, ...b].map((x) => ({ ...x })).sort((x, y) => x.first - y.first);
  const out: OrderedIntervals = [];
  for (const iv of all) {
    const prev = out[out.length - 1];
    if (prev && prev.last + 1 >= iv.first) prev.last = Math.max(prev.last, iv.last);
    else out.push(iv);
  }
  return out;
}
