// Adding and removing node taints the way the node controllers do (pkg/controller/controller_utils.go
// AddOrUpdateTaintOnNode/RemoveTaintOffNode, SwapNodeControllerTaint): start from the cached node, write
// with its resourceVersion, and on a conflict re-read and try again (five attempts).
import type { Node } from "../../api/core/v1/node.js";
import type { Taint } from "../../api/core/v1/node-types.js";
import type { ResourceClient } from "../../client/rest/client.js";
import type { Lister, DeepReadonly } from "../../client/informer/cache.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import { matchTaint } from "./nodetaints.js";
import { rfc3339 } from "./metatime.js";
import { mutableCopy } from "./podconditions.js";

type NodeObj = Node & { metadata: { name: string } };
const attempts = 5;

/** The node's taints with `add` added or updated (by key and effect) and `remove` taken out. */
export function applyTaintChanges(
  taints: readonly DeepReadonly<Taint>[] | undefined,
  add: readonly Taint[],
  remove: readonly DeepReadonly<Taint>[],
): { taints: Taint[]; changed: boolean } {
  let changed = false;
  let out: Taint[] = (taints ?? []).map((t) => mutableCopy<Taint>(t));
  for (const r of remove) {
    const before = out.length;
    out = out.filter((t) => !matchTaint(t, r));
    if (out.length !== before) changed = true;
  }
  for (const a of add) {
    const i = out.findIndex((t) => matchTaint(t, a));
    if (i < 0) {
      out.push({ ...a });
      changed = true;
    } else if ((out[i].value ?? "") !== (a.value ?? "") || out[i].timeAdded !== a.timeAdded) {
      out[i] = { ...a };
      changed = true;
    }
  }
  return { taints: out, changed };
}

/**
 * SwapNodeControllerTaint: adds `add` (timeAdded now) and removes `remove`. Returns false when the write
 * failed after retries (the caller tries again on its next pass).
 */
export async function swapNodeTaints(
  client: ResourceClient<NodeObj>,
  lister: Lister<NodeObj>,
  nodeName: string,
  add: readonly DeepReadonly<Taint>[],
  remove: readonly DeepReadonly<Taint>[],
  nowMs: number,
): Promise<boolean> {
  const stamped: Taint[] = add.map((t) => ({
    key: t.key,
    ...(t.value ? { value: t.value } : {}),
    effect: t.effect,
    timeAdded: rfc3339(nowMs),
  }));
  let node: DeepReadonly<NodeObj> | undefined = lister.get("", nodeName);
  for (let i = 0; i < attempts; i++) {
    try {
      if (!node) node = await client.get("", nodeName);
      // An existing taint (same key, effect and value) is left as it is, keeping its timeAdded.
      const toAdd = stamped.filter(
        (a) =>
          !(node!.spec?.taints ?? []).some((t) => matchTaint(t, a) && (t.value ?? "") === (a.value ?? "")),
      );
      const { taints, changed } = applyTaintChanges(node.spec?.taints, toAdd, remove);
      if (!changed) return true;
      const next = mutableCopy<NodeObj>(node);
      next.spec = { ...(next.spec ?? {}), taints };
      if (!taints.length) delete next.spec.taints;
      await client.update("", nodeName, next);
      return true;
    } catch (e) {
      if (isNotFound(e)) return true; // the node is gone; nothing to taint
      if (!isConflict(e) || i === attempts - 1) return false;
      node = undefined; // re-read
    }
  }
  return false;
}
