// The LimitRanger admission plugin: LimitRange items of type Container give containers their default
// requests and limits (recorded in the kubernetes.io/limit-ranger annotation), and every container, pod
// and claim is held to the items' min, max and maxLimitRequestRatio, with upstream's messages.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import {
  canonicalQuantity,
  compareQuantities,
  quantityMilliValue,
  quantityValue,
  type QuantityLike,
} from "../../../api/resource/quantity.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";
import { addUsage, type Usage } from "../../../api/core/v1/resourcequota-usage.js";

type Json = Record<string, any>;
type List = Record<string, QuantityLike>;

export const limitRangerAnnotation = "kubernetes.io/limit-ranger";

export interface LimitRangerDeps {
  list(namespace: string): Iterable<KubeObject>;
}

const str = (q: QuantityLike) => canonicalQuantity(q);
/** upstream MaxMilliValue: below it values compare in milli units. */
const maxMilliValue = Number.MAX_SAFE_INTEGER / 1000;

function minConstraint(
  kind: string,
  r: string,
  enforced: QuantityLike,
  req: List,
  lim: List,
): string | undefined {
  if (!(r in req)) return `minimum ${r} usage per ${kind} is ${str(enforced)}.  No request is specified`;
  if (compareQuantities(req[r], enforced) < 0)
    return `minimum ${r} usage per ${kind} is ${str(enforced)}, but request is ${str(req[r])}`;
  if (r in lim && compareQuantities(lim[r], enforced) < 0)
    return `minimum ${r} usage per ${kind} is ${str(enforced)}, but limit is ${str(lim[r])}`;
  return undefined;
}

function maxConstraint(
  kind: string,
  r: string,
  enforced: QuantityLike,
  req: List,
  lim: List,
): string | undefined {
  if (!(r in lim)) return `maximum ${r} usage per ${kind} is ${str(enforced)}.  No limit is specified`;
  if (compareQuantities(lim[r], enforced) > 0)
    return `maximum ${r} usage per ${kind} is ${str(enforced)}, but limit is ${str(lim[r])}`;
  if (r in req && compareQuantities(req[r], enforced) > 0)
    return `maximum ${r} usage per ${kind} is ${str(enforced)}, but request is ${str(req[r])}`;
  return undefined;
}

function ratioConstraint(
  kind: string,
  r: string,
  enforced: QuantityLike,
  req: List,
  lim: List,
): string | undefined {
  const reqV = r in req ? quantityMilliValue(req[r]) : 0;
  const limV = r in lim ? quantityMilliValue(lim[r]) : 0;
  if (!reqV)
    return `${r} max limit to request ratio per ${kind} is ${str(enforced)}, but no request is specified or request is 0`;
  if (!limV)
    return `${r} max limit to request ratio per ${kind} is ${str(enforced)}, but no limit is specified or limit is 0`;
  const ratio = limV / reqV;
  const max =
    quantityValue(enforced) <= maxMilliValue ? quantityMilliValue(enforced) / 1000 : quantityValue(enforced);
  if (ratio > max)
    return `${r} max limit to request ratio per ${kind} is ${str(enforced)}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

/** Min, max and ratio of one item against requests and limits, resources in sorted order. */
function checkItem(kind: string, item: Json, req: List, lim: List, errs: string[]): void {
  const each = (list: List | undefined, f: typeof minConstraint) => {
    for (const r of Object.keys(list ?? {}).sort()) {
      const e = f(kind, r, list![r], req, lim);
      if (e) errs.push(e);
    }
  };
  each(item.min, minConstraint);
  each(item.max, maxConstraint);
  each(item.maxLimitRequestRatio, ratioConstraint);
}

const toList = (u: Usage): List => Object.fromEntries(u);

/** upstream utilerrors.NewAggregate(...).Error() with duplicates dropped. */
const aggregate = (errs: string[]) => {
  const uniq = [...new Set(errs)];
  return uniq.length === 1 ? uniq[0] : `[${uniq.join(", ")}]`;
};

export function limitRanger(deps: LimitRangerDeps): AdmissionPlugin {
  const items = (ns: string, type: string): Json[] =>
    [...deps.list(ns)]
      .flatMap((lr) => ((lr as Json).spec?.limits ?? []) as Json[])
      .filter((i) => i.type === type);

  return {
    name: "LimitRanger",
    admit(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource || !a.object) return;
      if (a.resource.group !== "" || a.resource.plural !== "pods") return;
      const defaults = { requests: {} as List, limits: {} as List };
      for (const i of items(a.namespace, "Container")) {
        Object.assign(defaults.requests, i.defaultRequest ?? {});
        Object.assign(defaults.limits, i.default ?? {});
      }
      if (!Object.keys(defaults.requests).length && !Object.keys(defaults.limits).length) return;
      const pod = a.object as Json;
      const notes: string[] = [];
      const merge = (c: Json, what: string) => {
        const res = (c.resources ??= {}) as Json;
        const setLimits: string[] = [];
        const setRequests: string[] = [];
        for (const [k, v] of Object.entries(defaults.limits))
          if (!(k in (res.limits ?? {}))) {
            (res.limits ??= {})[k] = v;
            setLimits.push(k);
          }
        for (const [k, v] of Object.entries(defaults.requests))
          if (!(k in (res.requests ?? {}))) {
            (res.requests ??= {})[k] = v;
            setRequests.push(k);
          }
        if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${what} ${c.name}`);
        if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${what} ${c.name}`);
      };
      for (const c of (pod.spec?.containers ?? []) as Json[]) merge(c, "container");
      for (const c of (pod.spec?.initContainers ?? []) as Json[]) merge(c, "init container");
      if (notes.length)
        pod.metadata = {
          ...pod.metadata,
          annotations: {
            ...pod.metadata?.annotations,
            [limitRangerAnnotation]: `LimitRanger plugin set: ${notes.join("; ")}`,
          },
        };
    },
    validate(a: Attributes): void {
      if (a.operation !== "CREATE" || a.subresource || !a.object || a.resource.group !== "") return;
      const obj = a.object as Json;
      const errs: string[] = [];
      if (a.resource.plural === "pods") {
        const containers = [
          ...((obj.spec?.containers ?? []) as Json[]),
          ...((obj.spec?.initContainers ?? []) as Json[]),
        ];
        for (const item of items(a.namespace, "Container"))
          for (const c of containers)
            checkItem("Container", item, c.resources?.requests ?? {}, c.resources?.limits ?? {}, errs);
        const podItems = items(a.namespace, "Pod");
        if (podItems.length) {
          const req: Usage = new Map();
          const lim: Usage = new Map();
          for (const c of (obj.spec?.containers ?? []) as Json[]) {
            addUsage(req, new Map(Object.entries((c.resources?.requests ?? {}) as List)));
            addUsage(lim, new Map(Object.entries((c.resources?.limits ?? {}) as List)));
          }
          for (const item of podItems) checkItem("Pod", item, toList(req), toList(lim), errs);
        }
      } else if (a.resource.plural === "persistentvolumeclaims") {
        const req = (obj.spec?.resources?.requests ?? {}) as List;
        for (const item of items(a.namespace, "PersistentVolumeClaim")) {
          for (const r of Object.keys(item.min ?? {}).sort()) {
            if (!(r in req))
              errs.push(
                `minimum ${r} usage per PersistentVolumeClaim is ${str(item.min[r])}.  No request is specified`,
              );
            else if (compareQuantities(req[r], item.min[r]) < 0)
              errs.push(
                `minimum ${r} usage per PersistentVolumeClaim is ${str(item.min[r])}, but request is ${str(req[r])}`,
              );
          }
          for (const r of Object.keys(item.max ?? {}).sort()) {
            if (!(r in req))
              errs.push(
                `maximum ${r} usage per PersistentVolumeClaim is ${str(item.max[r])}.  No request is specified`,
              );
            else if (compareQuantities(req[r], item.max[r]) > 0)
              errs.push(
                `maximum ${r} usage per PersistentVolumeClaim is ${str(item.max[r])}, but request is ${str(req[r])}`,
              );
          }
        }
      }
      if (errs.length) throw forbidden(a.resource.gr, a.name, aggregate(errs));
    },
  };
}
