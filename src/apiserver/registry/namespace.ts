// Namespaces delete in two steps, as upstream's namespace REST: the first DELETE marks the namespace
// Terminating (deletionTimestamp, status.phase) and returns it; the namespace controller empties it,
// clears spec.finalizers through /finalize, and deletes again — only then is it removed.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { conflict } from "../errors.js";
import { nowTimestamp } from "./objectmeta.js";
import {
  finalizerForeground,
  finalizerOrphan,
  type DeleteOptions,
  type DeleteResult,
  type GenericRegistry,
  type WriteContext,
} from "./generic.js";

export const isNamespaceResource = (r: GenericRegistry) =>
  r.info.group === "" && r.info.plural === "namespaces";

function shouldHaveOrphan(o: DeleteOptions, has: boolean): boolean {
  if (o.orphanDependents !== undefined) return o.orphanDependents;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === "Orphan";
  return has;
}

function shouldHaveForeground(o: DeleteOptions, has: boolean): boolean {
  if (o.orphanDependents !== undefined) return false;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === "Foreground";
  return has;
}

export async function deleteNamespace(
  r: GenericRegistry,
  name: string,
  options: DeleteOptions,
  ctx: WriteContext,
): Promise<DeleteResult> {
  const cur = await r.get("", name);
  const ns = cur.obj;
  await r.admitDelete("", name, ns, ctx);
  const meta = ns.metadata as { uid?: string; resourceVersion?: string; deletionTimestamp?: string };
  const pre = options.preconditions;
  if (pre?.uid !== undefined && pre.uid !== meta.uid)
    throw conflict(
      r.info.gr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid ?? ""}`,
    );
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== meta.resourceVersion)
    throw conflict(
      r.info.gr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ""}`,
    );
  if (!meta.deletionTimestamp) {
    const res = await r.guaranteedUpdate(
      "",
      name,
      (current) => {
        const next = current as KubeObject & { status?: { phase?: string } };
        const m = next.metadata as { deletionTimestamp?: string; finalizers?: string[] };
        m.deletionTimestamp ??= nowTimestamp();
        next.status = { ...(next.status ?? {}), phase: "Terminating" };
        const fin = new Set(m.finalizers ?? []);
        if (shouldHaveOrphan(options, fin.has(finalizerOrphan))) fin.add(finalizerOrphan);
        else fin.delete(finalizerOrphan);
        if (shouldHaveForeground(options, fin.has(finalizerForeground))) fin.add(finalizerForeground);
        else fin.delete(finalizerForeground);
        if (fin.size) m.finalizers = [...fin];
        else delete m.finalizers;
        return next;
      },
      ctx,
      { uid: meta.uid, resourceVersion: pre?.resourceVersion },
    );
    return { object: res, deleted: false };
  }
  const spec = (ns.spec ?? {}) as { finalizers?: string[] };
  if (spec.finalizers?.length) return { object: cur, deleted: false };
  return r.delete("", name, options, ctx);
}
