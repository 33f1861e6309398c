// The garbage collector's dependency graph (pkg/controller/garbagecollector/graph_builder.go): one node per
// object uid with its ownerReferences and the nodes that name it as owner. Owners not yet seen are "virtual"
// nodes, to be verified against the API server. Every informer event updates the graph and hands nodes that
// may need action to the attemptToDelete or attemptToOrphan queues. No I/O: the sinks are queues.
import type { OwnerReference } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import {
  refMatchesCoordinates,
  sameIdentity,
  identityOfRef,
  type ObjectIdentity,
  type ReferenceCache,
} from "./identity.js";

export const finalizerOrphanDependents = "orphan";
export const finalizerDeleteDependents = "foregroundDeletion";

type Ref = DeepReadonly<OwnerReference>;

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  owners: Ref[];
  beingDeleted: boolean;
  deletingDependents: boolean;
  /** Not (yet) seen through an informer: added because something names it as owner. */
  virtual: boolean;
  observed: boolean;

  constructor(
    public identity: ObjectIdentity,
    o: { owners?: Ref[]; beingDeleted?: boolean; deletingDependents?: boolean; virtual?: boolean } = {},
  ) {
    this.owners = o.owners ?? [];
    this.beingDeleted = o.beingDeleted ?? false;
    this.deletingDependents = o.deletingDependents ?? false;
    this.virtual = o.virtual ?? false;
    this.observed = !this.virtual;
  }

  clone(): GraphNode {
    const n = new GraphNode(
      { ...this.identity },
      {
        owners: this.owners,
        beingDeleted: this.beingDeleted,
        deletingDependents: this.deletingDependents,
        virtual: this.virtual,
      },
    );
    n.observed = this.observed;
    for (const d of this.dependents) n.dependents.add(d);
    return n;
  }

  /** Dependents whose reference to this node blocks its (foreground) deletion. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true),
    );
  }
}

/** The object fields the graph reads. */
export interface GraphObject {
  metadata?: DeepReadonly<{
    name?: string;
    namespace?: string;
    uid?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    ownerReferences?: OwnerReference[];
  }>;
}

export interface GraphEvent {
  type: "add" | "update" | "delete";
  /** Not from an informer: the collector found the object gone. */
  virtual?: boolean;
  obj: GraphObject;
  oldObj?: GraphObject;
  apiVersion: string;
  kind: string;
}

export interface GraphSinks {
  attemptToDelete(n: GraphNode): void;
  attemptToOrphan(n: GraphNode): void;
  /** An ownerReference names an owner in another namespace (OwnerRefInvalidNamespace event). */
  invalidNamespaceOwnerRef?(dependent: GraphNode, owner: Ref): void;
}

const beingDeleted = (o: GraphObject) => !!o.metadata?.deletionTimestamp;
const hasFinalizer = (o: GraphObject, f: string) => (o.metadata?.finalizers ?? []).includes(f);

/** deletionStartsWithFinalizer: the object has just started being deleted with this finalizer. */
function deletionStartsWithFinalizer(oldObj: GraphObject | undefined, obj: GraphObject, f: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, f)) return false;
  if (!oldObj) return true;
  return !beingDeleted(oldObj) || !hasFinalizer(oldObj, f);
}

/** referencesDiffs by uid: [added, removed, changed (old, new)]. */
export function referencesDiffs(old: readonly Ref[], cur: readonly Ref[]): [Ref[], Ref[], [Ref, Ref][]] {
  const byUID = new Map(old.map((r) => [r.uid, r]));
  const added: Ref[] = [];
  const changed: [Ref, Ref][] = [];
  for (const r of cur) {
    const o = byUID.get(r.uid);
    if (!o) added.push(r);
    else {
      if (JSON.stringify(o) !== JSON.stringify(r)) changed.push([o, r]);
      byUID.delete(r.uid);
    }
  }
  return [added, [...byUID.values()], changed];
}

/** partitionDependents: dependents whose reference to the owner's uid matches its identity, and those that do not. */
export function partitionDependents(
  deps: readonly GraphNode[],
  owner: ObjectIdentity,
): [GraphNode[], GraphNode[]] {
  const matching: GraphNode[] = [];
  const nonmatching: GraphNode[] = [];
  for (const dep of deps) {
    let match = false;
    let mismatch = false;
    if (owner.namespace && owner.namespace !== dep.identity.namespace) mismatch = true;
    else
      for (const r of dep.owners)
        if (r.uid === owner.uid) {
          if (refMatchesCoordinates(r, owner)) match = true;
          else mismatch = true;
        }
    if (match) matching.push(dep);
    if (mismatch) nonmatching.push(dep);
  }
  return [matching, nonmatching];
}

function referenceLessThan(a: ObjectIdentity, b: ObjectIdentity): boolean {
  for (const k of ["kind", "apiVersion", "namespace", "name", "uid"] as const)
    if (a[k] !== b[k]) return a[k] < b[k];
  return false;
}

/** getAlternateOwnerIdentity: another identity the dependents use for the absent owner's uid. */
function alternateOwnerIdentity(
  deps: readonly GraphNode[],
  absent: ObjectIdentity,
): ObjectIdentity | undefined {
  const clusterScoped = absent.namespace === "";
  const seen = new Set([JSON.stringify(absent)]);
  let first: ObjectIdentity | undefined;
  let firstFollowing: ObjectIdentity | undefined;
  for (const dep of deps)
    for (const r of dep.owners) {
      if (r.uid !== absent.uid) continue;
      if (refMatchesCoordinates(r, absent) && (clusterScoped || absent.namespace === dep.identity.namespace))
        continue;
      const ref = identityOfRef(r, dep.identity.namespace);
      if (clusterScoped && ref.apiVersion === absent.apiVersion && ref.kind === absent.kind)
        ref.namespace = "";
      const k = JSON.stringify(ref);
      if (seen.has(k)) continue;
      seen.add(k);
      if (!first || referenceLessThan(ref, first)) first = ref;
      if (referenceLessThan(absent, ref) && (!firstFollowing || referenceLessThan(ref, firstFollowing)))
        firstFollowing = ref;
    }
  return firstFollowing ?? first;
}

export class GraphBuilder {
  readonly uidToNode = new Map<string, GraphNode>();

  constructor(
    private readonly sinks: GraphSinks,
    private readonly absentOwnerCache: ReferenceCache,
  ) {}

  /** addDependentToOwners: link n to its owners, creating virtual nodes for owners not seen yet. */
  private addDependentToOwners(n: GraphNode, owners: readonly Ref[]) {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.uidToNode.get(owner.uid);
      const found = ownerNode !== undefined;
      if (!ownerNode) {
        ownerNode = new GraphNode(identityOfRef(owner, n.identity.namespace), { virtual: true });
        this.uidToNode.set(owner.uid, ownerNode);
      }
      ownerNode.dependents.add(n);
      if (!found) {
        // The collector asks the API server whether this owner exists.
        this.sinks.attemptToDelete(ownerNode);
        continue;
      }
      if (potentiallyInvalid) continue;
      const ownerNamespaced = ownerNode.identity.namespace !== "";
      if (ownerNamespaced && ownerNode.identity.namespace !== n.identity.namespace) {
        if (ownerNode.observed) this.sinks.invalidNamespaceOwnerRef?.(n, owner);
        potentiallyInvalid = true;
      } else if (!refMatchesCoordinates(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (
        !ownerNamespaced &&
        ownerNode.identity.namespace !== n.identity.namespace &&
        !ownerNode.observed
      ) {
        potentiallyInvalid = true;
      }
    }
    // The collector verifies the references and deletes n if they all turn out absent.
    if (potentiallyInvalid) this.sinks.attemptToDelete(n);
  }

  private removeDependentFromOwners(n: GraphNode, owners: readonly Ref[]) {
    for (const o of owners) this.uidToNode.get(o.uid)?.dependents.delete(n);
  }

  private removeNode(n: GraphNode) {
    this.uidToNode.delete(n.identity.uid);
    this.removeDependentFromOwners(n, n.owners);
  }

  /** addUnblockedOwnersToDeleteQueue: owners waiting on this dependent may now be able to go. */
  private addUnblockedOwners(removed: readonly Ref[], changed: readonly [Ref, Ref][]) {
    for (const r of removed) {
      if (r.blockOwnerDeletion !== true) continue;
      const n = this.uidToNode.get(r.uid);
      if (n) this.sinks.attemptToDelete(n);
    }
    for (const [o, c] of changed) {
      if (o.blockOwnerDeletion === true && c.blockOwnerDeletion !== true) {
        const n = this.uidToNode.get(c.uid);
        if (n) this.sinks.attemptToDelete(n);
      }
    }
  }

  private processTransitions(oldObj: GraphObject | undefined, obj: GraphObject, n: GraphNode) {
    if (deletionStartsWithFinalizer(oldObj, obj, finalizerOrphanDependents)) {
      this.sinks.attemptToOrphan(n);
      return;
    }
    if (deletionStartsWithFinalizer(oldObj, obj, finalizerDeleteDependents)) {
      // A virtual node's flag may not be set yet: set it here.
      n.deletingDependents = true;
      for (const dep of n.dependents) this.sinks.attemptToDelete(dep);
      this.sinks.attemptToDelete(n);
    }
  }

  /** processGraphChanges for one event. */
  process(ev: GraphEvent): void {
    const m = ev.obj.metadata ?? {};
    const uid = m.uid ?? "";
    const observedIdentity: ObjectIdentity = {
      apiVersion: ev.apiVersion,
      kind: ev.kind,
      name: m.name ?? "",
      uid,
      namespace: m.namespace ?? "",
    };
    let existing = this.uidToNode.get(uid);
    if (existing && !ev.virtual && !existing.observed) {
      // First sight of an object we only knew as someone's owner.
      if (!sameIdentity(observedIdentity, existing.identity)) {
        const [, potentiallyInvalid] = partitionDependents([...existing.dependents], observedIdentity);
        for (const dep of potentiallyInvalid) {
          if (observedIdentity.namespace && dep.identity.namespace !== observedIdentity.namespace) {
            const ref = dep.owners.find((o) => o.uid === uid);
            if (ref) this.sinks.invalidNamespaceOwnerRef?.(dep, ref);
          }
          this.sinks.attemptToDelete(dep);
        }
        existing = existing.clone();
        existing.identity = observedIdentity;
        this.uidToNode.set(uid, existing);
      }
      existing.observed = true;
      existing.virtual = false;
    }
    const owners = [...(m.ownerReferences ?? [])];
    if ((ev.type === "add" || ev.type === "update") && !existing) {
      const n = new GraphNode(observedIdentity, {
        owners,
        beingDeleted: beingDeleted(ev.obj),
        deletingDependents: beingDeleted(ev.obj) && hasFinalizer(ev.obj, finalizerDeleteDependents),
      });
      this.uidToNode.set(uid, n);
      this.addDependentToOwners(n, n.owners);
      // A list may fold a creation and a deletion into one event.
      this.processTransitions(ev.oldObj, ev.obj, n);
      return;
    }
    if ((ev.type === "add" || ev.type === "update") && existing) {
      const [added, removed, changed] = referencesDiffs(existing.owners, owners);
      if (added.length || removed.length || changed.length) {
        this.addUnblockedOwners(removed, changed);
        existing.owners = owners;
        this.addDependentToOwners(existing, added);
        this.removeDependentFromOwners(existing, removed);
      }
      if (beingDeleted(ev.obj)) existing.beingDeleted = true;
      this.processTransitions(ev.oldObj, ev.obj, existing);
      return;
    }
    if (ev.type !== "delete" || !existing) return;
    let remove = true;
    if (ev.virtual) {
      const deleted = observedIdentity;
      if (existing.virtual) {
        // We are not sure of a virtual node's coordinates: dependents may name it differently.
        const [matching, nonmatching] = partitionDependents([...existing.dependents], deleted);
        if (nonmatching.length) {
          remove = false;
          if (matching.length) {
            this.absentOwnerCache.add(deleted);
            for (const dep of matching) this.sinks.attemptToDelete(dep);
          }
          if (sameIdentity(existing.identity, deleted)) {
            const alt = alternateOwnerIdentity(nonmatching, deleted);
            if (alt) {
              const replacement = existing.clone();
              replacement.identity = alt;
              this.uidToNode.set(uid, replacement);
              this.sinks.attemptToDelete(replacement);
            }
          }
        }
      } else if (!sameIdentity(existing.identity, deleted)) {
        // A virtual delete for coordinates other than the object we observed: only those dependents lose it.
        remove = false;
        const [matching] = partitionDependents([...existing.dependents], deleted);
        if (matching.length) {
          this.absentOwnerCache.add(deleted);
          for (const dep of matching) this.sinks.attemptToDelete(dep);
        }
      }
    }
    if (!remove) return;
    this.removeNode(existing);
    if (existing.dependents.size) this.absentOwnerCache.add(observedIdentity);
    for (const dep of existing.dependents) this.sinks.attemptToDelete(dep);
    for (const o of existing.owners) {
      const owner = this.uidToNode.get(o.uid);
      // An owner deleting in the foreground may have been waiting for exactly this dependent.
      if (owner?.deletingDependents) this.sinks.attemptToDelete(owner);
    }
  }
}
