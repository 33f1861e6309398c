// An object's coordinates in the dependency graph (objectReference): apiVersion, kind, name and uid as an
// ownerReference names them, plus the namespace (empty for cluster-scoped objects).
import type { OwnerReference } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  namespace: string;
}

export const identityKey = (i: ObjectIdentity): string =>
  `${i.apiVersion}|${i.kind}|${i.namespace}|${i.name}|${i.uid}`;

export const sameIdentity = (a: ObjectIdentity, b: ObjectIdentity): boolean =>
  identityKey(a) === identityKey(b);

/** ownerReferenceMatchesCoordinates: the same apiVersion, kind, name and uid. */
export function refMatchesCoordinates(
  a: DeepReadonly<OwnerReference>,
  b: Omit<ObjectIdentity, "namespace">,
): boolean {
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

export const identityOfRef = (r: DeepReadonly<OwnerReference>, namespace: string): ObjectIdentity => ({
  apiVersion: r.apiVersion,
  kind: r.kind,
  name: r.name,
  uid: r.uid,
  namespace,
});

export const describeIdentity = (i: ObjectIdentity): string =>
  `[${i.apiVersion}/${i.kind}, namespace: ${i.namespace}, name: ${i.name}, uid: ${i.uid}]`;

/** ReferenceCache: a bounded LRU set of owners known to be absent. */
export class ReferenceCache {
  private entries = new Map<string, true>();
  constructor(private readonly size = 500) {}
  add(i: ObjectIdentity): void {
    const k = identityKey(i);
    this.entries.delete(k);
    this.entries.set(k, true);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }
  has(i: ObjectIdentity): boolean {
    const k = identityKey(i);
    if (!this.entries.has(k)) return false;
    this.entries.delete(k);
    this.entries.set(k, true);
    return true;
  }
}
