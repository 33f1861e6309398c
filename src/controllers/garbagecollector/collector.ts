// The garbage collector's actions (pkg/controller/garbagecollector/garbagecollector.go). attemptToDelete: an
// object whose owners are all gone is deleted (in the foreground when an owner waits on its dependents, or
// as its own finalizers ask); dangling references next to a live owner are removed; an owner deleting in the
// foreground loses its finalizer once no blocking dependent remains. attemptToOrphan: remove the owner from
// its dependents' ownerReferences, then its orphan finalizer.
import type { KubeObject, OwnerReference } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { isConflict, isNotFound } from "../../client/rest/errors.js";
import type { Logger } from "../../client/log.js";
import { errorMessage } from "../util/errors.js";
import type { ObjectAccess } from "./access.js";
import { finalizerDeleteDependents, finalizerOrphanDependents, type GraphNode } from "./graph.js";
import { describeIdentity, identityOfRef, type ObjectIdentity, type ReferenceCache } from "./identity.js";

type Ref = DeepReadonly<OwnerReference>;

/** The object was found gone; a virtual delete event now removes it from the graph. */
export const enqueuedVirtualDeleteEvent = Symbol("enqueued virtual delete event");
/** A cluster-scoped object names a namespaced owner: never resolves, so not retried. */
export class NamespacedOwnerOfClusterScopedObjectError extends Error {
  constructor() {
    super("cluster-scoped objects cannot refer to namespaced owners");
  }
}
/** Ask the queue to look at the item again later (with back-off), without it being an error. */
export class RequeueItem extends Error {
  constructor(why: string) {
    super(why);
    this.name = "RequeueItem";
  }
}

export interface CollectorHooks {
  /** Feed a virtual delete event for the identity into the graph. */
  enqueueVirtualDeleteEvent(id: ObjectIdentity): void;
  attemptToDelete(n: GraphNode): void;
  /** The current node for a uid. */
  nodeFor(uid: string): GraphNode | undefined;
}

const hasFinalizer = (o: KubeObject, f: string) => (o.metadata.finalizers ?? []).includes(f);

export class GarbageCollector {
  constructor(
    private readonly access: ObjectAccess,
    private readonly absentOwnerCache: ReferenceCache,
    private readonly hooks: CollectorHooks,
    private readonly log: Logger,
  ) {}

  /** attemptToDeleteWorker for one uid: resolves when done, throws to be retried with back-off. */
  async processAttemptToDelete(uid: string): Promise<void> {
    const n = this.hooks.nodeFor(uid);
    if (!n) return; // gone from the graph meanwhile
    let r: void | typeof enqueuedVirtualDeleteEvent;
    try {
      r = await this.attemptToDeleteItem(n);
    } catch (e) {
      if (e instanceof NamespacedOwnerOfClusterScopedObjectError) return;
      throw e;
    }
    if (r === enqueuedVirtualDeleteEvent) return;
    // A virtual node must eventually be observed or found absent, or it would linger in the graph.
    if (!n.observed)
      throw new RequeueItem(`item hasn't been observed via informer yet: ${describeIdentity(n.identity)}`);
  }

  /** isDangling: whether the referenced owner is absent; the live owner when it is not. */
  private async isDangling(ref: Ref, item: GraphNode): Promise<{ dangling: boolean; owner?: KubeObject }> {
    const key = identityOfRef(ref, "");
    if (this.absentOwnerCache.has(key)) return { dangling: true };
    key.namespace = item.identity.namespace;
    if (this.absentOwnerCache.has(key)) return { dangling: true };
    const namespaced = this.access.isNamespaced(ref.apiVersion, ref.kind);
    if (!namespaced) key.namespace = "";
    if (item.identity.namespace === "" && namespaced) throw new NamespacedOwnerOfClusterScopedObjectError();
    let owner: KubeObject;
    try {
      owner = await this.access.get({ ...key, namespace: namespaced ? item.identity.namespace : "" });
    } catch (e) {
      if (isNotFound(e)) {
        this.absentOwnerCache.add(key);
        return { dangling: true };
      }
      throw e;
    }
    if (owner.metadata.uid !== ref.uid) {
      this.absentOwnerCache.add(key);
      return { dangling: true };
    }
    return { dangling: false, owner };
  }

  /** classifyReferences: [solid, dangling, waitingForDependentsDeletion]. */
  private async classify(item: GraphNode, refs: readonly Ref[]): Promise<[Ref[], Ref[], Ref[]]> {
    const solid: Ref[] = [];
    const dangling: Ref[] = [];
    const waiting: Ref[] = [];
    for (const ref of refs) {
      const r = await this.isDangling(ref, item);
      if (r.dangling) dangling.push(ref);
      else if (r.owner!.metadata.deletionTimestamp && hasFinalizer(r.owner!, finalizerDeleteDependents))
        waiting.push(ref);
      else solid.push(ref);
    }
    return [solid, dangling, waiting];
  }

  /** attemptToDeleteItem */
  async attemptToDeleteItem(item: GraphNode): Promise<void | typeof enqueuedVirtualDeleteEvent> {
    // Being deleted is a one-way trip; its dependents are handled when it is gone.
    if (item.beingDeleted && !item.deletingDependents) return;
    let latest: KubeObject;
    try {
      latest = await this.access.get(item.identity);
    } catch (e) {
      if (!isNotFound(e)) throw e;
      // An owner that never existed (or is gone): drop its virtual node.
      this.hooks.enqueueVirtualDeleteEvent(item.identity);
      return enqueuedVirtualDeleteEvent;
    }
    if (latest.metadata.uid !== item.identity.uid) {
      this.hooks.enqueueVirtualDeleteEvent(item.identity);
      return enqueuedVirtualDeleteEvent;
    }
    if (item.deletingDependents) return this.processDeletingDependentsItem(item);
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const [solid, dangling, waiting] = await this.classify(item, refs);
    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      // References to absent owners, or to owners waiting on us, are removed: the latter would stay stuck.
      const uids = [...dangling, ...waiting].map((r) => r.uid);
      await this.access.patch(item.identity, "strategic", deleteOwnerRefsPatch(item.identity.uid, uids));
      return;
    }
    if (waiting.length && item.dependents.size) {
      for (const dep of item.dependents)
        if (dep.deletingDependents) {
          // A possible cycle of foreground deletions: stop blocking our owners, then go in the foreground.
          await this.access.patch(item.identity, "strategic", unblockOwnerRefsPatch(item));
          break;
        }
      await this.access.delete(item.identity, "Foreground");
      return;
    }
    // No live owner: collect it, honouring a propagation its own finalizers already ask for.
    const policy = hasFinalizer(latest, finalizerOrphanDependents)
      ? "Orphan"
      : hasFinalizer(latest, finalizerDeleteDependents)
        ? "Foreground"
        : "Background";
    this.log.debug({ item: describeIdentity(item.identity), policy }, "Deleting item");
    await this.access.delete(item.identity, policy);
  }

  /** processDeletingDependentsItem: drop the foregroundDeletion finalizer once nothing blocks it. */
  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) return this.removeFinalizer(item, finalizerDeleteDependents);
    for (const dep of blocking) if (!dep.deletingDependents) this.hooks.attemptToDelete(dep);
  }

  /** attemptToOrphanWorker: remove the owner from its dependents, then its orphan finalizer. */
  async processAttemptToOrphan(uid: string): Promise<void> {
    const owner = this.hooks.nodeFor(uid);
    if (!owner) return;
    const errs: string[] = [];
    await Promise.all(
      [...owner.dependents].map(async (dep) => {
        try {
          await this.access.patch(
            dep.identity,
            "strategic",
            deleteOwnerRefsPatch(dep.identity.uid, [owner.identity.uid]),
          );
        } catch (e) {
          if (!isNotFound(e))
            errs.push(`orphaning ${describeIdentity(dep.identity)} failed, ${errorMessage(e)}`);
        }
      }),
    );
    if (errs.length)
      throw new Error(
        `failed to orphan dependents of owner ${describeIdentity(owner.identity)}, got errors: ${errs.join(", ")}`,
      );
    await this.removeFinalizer(owner, finalizerOrphanDependents);
  }

  /** removeFinalizer: a merge patch with the resourceVersion as precondition, retried on conflict. */
  private async removeFinalizer(owner: GraphNode, finalizer: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let obj: KubeObject;
      try {
        obj = await this.access.get(owner.identity);
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return;
      const rest = finalizers.filter((f) => f !== finalizer);
      try {
        await this.access.patch(owner.identity, "merge", {
          metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: rest.length ? rest : null },
        });
        return;
      } catch (e) {
        if (!isConflict(e) || attempt >= 4) throw e;
      }
    }
  }
}

/** GenerateDeleteOwnerRefStrategicMergeBytes: the item's uid doubles as a precondition. */
export function deleteOwnerRefsPatch(uid: string, ownerUIDs: readonly string[]) {
  return { metadata: { ownerReferences: ownerUIDs.map((u) => ({ $patch: "delete", uid: u })), uid } };
}

/** unblockOwnerReferencesStrategicMergePatch: blockOwnerDeletion=false on every blocking reference. */
export function unblockOwnerRefsPatch(n: GraphNode) {
  return {
    metadata: {
      ownerReferences: n.owners
        .filter((o) => o.blockOwnerDeletion === true)
        .map((o) => ({ ...o, blockOwnerDeletion: false })),
      uid: n.identity.uid,
    },
  };
}
