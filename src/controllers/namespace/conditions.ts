// Namespace deletion conditions (pkg/controller/namespace/deletion/status_condition_utils.go): the five
// condition types the deleter maintains, each set to its "ok" form (status False) unless a failure says
// otherwise.
import type { NamespaceCondition, NamespaceStatus } from "../../api/core/v1/namespace.js";

export const conditionTypes = [
  "NamespaceDeletionDiscoveryFailure",
  "NamespaceDeletionGroupVersionParsingFailure",
  "NamespaceDeletionContentFailure",
  "NamespaceContentRemaining",
  "NamespaceFinalizersRemaining",
] as const;

const okMessages: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: "All resources successfully discovered",
  NamespaceDeletionGroupVersionParsingFailure: "All legacy kube types successfully parsed",
  NamespaceDeletionContentFailure: "All content successfully deleted, may be waiting on finalization",
  NamespaceContentRemaining: "All content successfully removed",
  NamespaceFinalizersRemaining: "All content-preserving finalizers finished",
};
const okReasons: Record<string, string> = {
  NamespaceDeletionDiscoveryFailure: "ResourcesDiscovered",
  NamespaceDeletionGroupVersionParsingFailure: "ParsedGroupVersions",
  NamespaceDeletionContentFailure: "ContentDeleted",
  NamespaceContentRemaining: "ContentRemoved",
  NamespaceFinalizersRemaining: "ContentHasNoFinalizers",
};

const metaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Per-resource leftovers: "pods." (resource.group) → count, and finalizer → count. */
export interface ContentTotals {
  remaining: Map<string, number>;
  finalizers: Map<string, number>;
}

/** namespaceConditionUpdater: collects failures during one pass, then folds them into the status. */
export class NamespaceConditionUpdater {
  private conditions: NamespaceCondition[] = [];
  private deleteContentErrors: string[] = [];
  constructor(private readonly nowMs: number) {}

  private add(type: string, reason: string, message: string) {
    this.conditions.push({ type, status: "True", lastTransitionTime: metaTime(this.nowMs), reason, message });
  }

  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  processContentTotals(t: ContentTotals): void {
    const resources = [...t.remaining]
      .filter(([, n]) => n > 0)
      .map(([gr, n]) => `${gr} has ${n} resource instances`)
      .sort();
    if (t.remaining.size)
      this.add(
        "NamespaceContentRemaining",
        "SomeResourcesRemain",
        `Some resources are remaining: ${resources.join(", ")}`,
      );
    const finalizers = [...t.finalizers]
      .filter(([, n]) => n > 0)
      .map(([f, n]) => `${f} in ${n} resource instances`)
      .sort();
    if (t.finalizers.size)
      this.add(
        "NamespaceFinalizersRemaining",
        "SomeFinalizersRemain",
        `Some content in the namespace has finalizers remaining: ${finalizers.join(", ")}`,
      );
  }

  /** Update: folds the collected conditions into the status; true when anything changed. */
  update(status: NamespaceStatus): boolean {
    if (
      !this.conditions.some((c) => c.type === "NamespaceDeletionContentFailure") &&
      this.deleteContentErrors.length
    ) {
      const msgs = [...this.deleteContentErrors].sort();
      this.add(
        "NamespaceDeletionContentFailure",
        "ContentDeletionFailed",
        `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(", ")}`,
      );
    }
    let changed = false;
    const conds = (status.conditions ??= []);
    for (const type of conditionTypes) {
      const next = this.conditions.find((c) => c.type === type) ?? {
        type,
        status: "False",
        lastTransitionTime: metaTime(this.nowMs),
        reason: okReasons[type],
        message: okMessages[type],
      };
      const old = conds.find((c) => c.type === type);
      if (!old) {
        conds.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = metaTime(this.nowMs);
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }
}
