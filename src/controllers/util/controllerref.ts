// Controller references (metav1.GetControllerOf / NewControllerRef / IsControlledBy): the one ownerReference
// with controller=true names the object that manages this one.
import type { OwnerReference } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export const apiVersionOf = (gvk: Pick<GroupVersionKind, "group" | "version">): string =>
  gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;

interface WithOwners {
  metadata?: { readonly ownerReferences?: readonly DeepReadonly<OwnerReference>[] };
}

/** The controlling owner reference, if any. */
export function getControllerOf(obj: WithOwners): DeepReadonly<OwnerReference> | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** An owner reference that makes `owner` the controller (and blocks its foreground deletion). */
export function newControllerRef(
  owner: { metadata: { readonly name?: string; readonly uid?: string } },
  gvk: GroupVersionKind,
): OwnerReference {
  return {
    apiVersion: apiVersionOf(gvk),
    kind: gvk.kind,
    name: owner.metadata.name ?? "",
    uid: owner.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isControlledBy(obj: WithOwners, owner: { metadata: { readonly uid?: string } }): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** Upstream compares whole controller refs (reflect.DeepEqual) to notice a change of controller. */
export function sameControllerRef(
  a: DeepReadonly<OwnerReference> | undefined,
  b: DeepReadonly<OwnerReference> | undefined,
): boolean {
  if (!a || !b) return a === b;
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.controller === b.controller &&
    a.blockOwnerDeletion === b.blockOwnerDeletion
  );
}
