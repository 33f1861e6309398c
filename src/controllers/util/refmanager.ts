// ControllerRefManager (pkg/controller/controller_ref_manager.go): a controller claims the objects it should
// manage. Orphans that match its selector are adopted (an ownerReference patch); objects it owns that no
// longer match are released; objects owned by another controller are left alone. Adoption first re-reads
// the controller uncached, so a controller that is being deleted never adopts.
import type { ObjectMeta } from "../../api/meta/v1/types.js";
import type { DeepReadonly } from "../../client/informer/cache.js";
import { isNotFound } from "../../client/rest/errors.js";
import { getControllerOf, apiVersionOf, type GroupVersionKind } from "./controllerref.js";
import { isInvalid, errorMessage, asError } from "./errors.js";

interface Claimable {
  metadata?: DeepReadonly<ObjectMeta>;
}

export interface RefManagerOptions {
  controller: { metadata: DeepReadonly<ObjectMeta> };
  controllerKind: GroupVersionKind;
  /** Kind of the claimed objects, for error messages ("Pod", "ReplicaSet"). */
  claimedKind: string;
  /** Sends a strategic merge patch to a claimed object. */
  patch(namespace: string, name: string, patch: unknown): Promise<unknown>;
  /** RecheckDeletionTimestamp: rejects when the controller is gone or being deleted (asked at most once). */
  canAdopt(): Promise<void>;
  /** Finalizers added on adoption and removed on release (the Job controller's tracking finalizer). */
  finalizers?: readonly string[];
}

/** RecheckDeletionTimestamp: a canAdopt built from an uncached GET of the controller. */
export function recheckDeletionTimestamp(
  kind: string,
  controller: { metadata: DeepReadonly<ObjectMeta> },
  getFresh: () => Promise<{ metadata: DeepReadonly<ObjectMeta> }>,
): () => Promise<void> {
  return async () => {
    const fresh = await getFresh();
    const m = controller.metadata;
    if (fresh.metadata.uid !== m.uid)
      throw new Error(
        `original ${kind} ${m.namespace}/${m.name} is gone: got uid ${fresh.metadata.uid}, wanted ${m.uid}`,
      );
    if (fresh.metadata.deletionTimestamp)
      throw new Error(
        `${m.namespace}/${m.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
      );
  };
}

export class ControllerRefManager {
  private adoptCheck?: Promise<void>;
  constructor(private readonly o: RefManagerOptions) {}

  private canAdopt(): Promise<void> {
    this.adoptCheck ??= this.o.canAdopt();
    return this.adoptCheck;
  }

  /** Adopts and releases as needed; resolves with the objects this controller manages. */
  async claim<T extends Claimable>(objs: readonly T[], match: (o: T) => boolean): Promise<T[]> {
    const claimed = new Set<T>();
    const pending: T[] = [];
    const uid = this.o.controller.metadata.uid;
    for (const obj of objs) {
      // The common cases need no API call: owned by another controller, or ours and still matching.
      const ref = getControllerOf(obj);
      if (ref && ref.uid !== uid) continue;
      if (ref && match(obj)) claimed.add(obj);
      else pending.push(obj);
    }
    const errs: unknown[] = [];
    await Promise.all(
      pending.map(async (obj) => {
        try {
          if (await this.claimObject(obj, match)) claimed.add(obj);
        } catch (e) {
          errs.push(e);
        }
      }),
    );
    if (errs.length === 1) throw asError(errs[0]);
    if (errs.length > 1) throw new Error(`[${errs.map(errorMessage).join(", ")}]`);
    // Keep the caller's order (claims run concurrently).
    return objs.filter((o) => claimed.has(o));
  }

  private async claimObject<T extends Claimable>(obj: T, match: (o: T) => boolean): Promise<boolean> {
    const ctrl = this.o.controller.metadata;
    const ref = getControllerOf(obj);
    if (ref) {
      if (ref.uid !== ctrl.uid) return false; // owned by someone else
      if (match(obj)) return true;
      if (ctrl.deletionTimestamp) return false;
      try {
        await this.release(obj);
      } catch (e) {
        if (isNotFound(e)) return false;
        throw e;
      }
      return false;
    }
    // An orphan.
    if (ctrl.deletionTimestamp || !match(obj)) return false;
    if (obj.metadata?.deletionTimestamp) return false;
    if (ctrl.namespace && ctrl.namespace !== obj.metadata?.namespace) return false;
    try {
      await this.adopt(obj);
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
    return true;
  }

  private async adopt(obj: Claimable): Promise<void> {
    const m = obj.metadata ?? {};
    try {
      await this.canAdopt();
    } catch (e) {
      throw new Error(
        `can't adopt ${this.o.claimedKind} ${m.namespace}/${m.name} (${m.uid}): ${errorMessage(e)}`,
      );
    }
    const c = this.o.controller.metadata;
    await this.o.patch(m.namespace ?? "", m.name ?? "", {
      metadata: {
        ownerReferences: [
          {
            apiVersion: apiVersionOf(this.o.controllerKind),
            kind: this.o.controllerKind.kind,
            name: c.name,
            uid: c.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
        uid: m.uid,
        ...(this.o.finalizers?.length ? { finalizers: [...this.o.finalizers] } : {}),
      },
    });
  }

  private async release(obj: Claimable): Promise<void> {
    const m = obj.metadata ?? {};
    try {
      await this.o.patch(m.namespace ?? "", m.name ?? "", {
        metadata: {
          ownerReferences: [{ $patch: "delete", uid: this.o.controller.metadata.uid }],
          uid: m.uid,
          ...(this.o.finalizers?.length
            ? { "$deleteFromPrimitiveList/finalizers": [...this.o.finalizers] }
            : {}),
        },
      });
    } catch (e) {
      // Gone, or the reference was already removed: nothing left to release.
      if (isNotFound(e) || isInvalid(e)) return;
      throw e;
    }
  }
}
