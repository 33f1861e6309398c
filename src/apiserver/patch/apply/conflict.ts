// The 409 an apply answers when it would change fields other managers own
// (managedfields/internal/conflict.go NewConflictError, errors.NewApplyConflict).

import { goQuote } from "../gofmt.js";
import type { PatchFailure } from "../status.js";
import { pathString } from "./fieldpath.js";
import { buildManagerIdentifier, parseManagerIdentifier } from "./managedfields.js";
import type { Conflict } from "./updater.js";

/** A conflict as clients see it. */
export interface ApplyConflict {
  /** The other manager's name, e.g. "kubectl-client-side-apply". */
  manager: string;
  /** "Apply" or "Update". */
  operation: string;
  /** For an Update manager: the API version it wrote with. */
  apiVersion?: string;
  subresource?: string;
  /** The field, e.g. ".spec.replicas" or `.spec.template.spec.containers[name="app"].image`. */
  field: string;
}

export function describeConflicts(conflicts: readonly Conflict[]): ApplyConflict[] {
  return conflicts.map((c) => {
    const id = parseManagerIdentifier(c.manager);
    const out: ApplyConflict = {
      manager: id.manager ?? "",
      operation: id.operation ?? "",
      field: pathString(c.path),
    };
    if (id.operation === "Update" && id.apiVersion) out.apiVersion = id.apiVersion;
    if (id.subresource) out.subresource = id.subresource;
    return out;
  });
}

/** printManager: `"kubectl-client-side-apply" using apps/v1`, `"kubectl" with subresource "status"`. */
function printManager(c: ApplyConflict): string {
  let s = goQuote(c.manager);
  if (c.subresource) s = `${s} with subresource ${goQuote(c.subresource)}`;
  if (c.operation === "Update") s = `${s} using ${c.apiVersion ?? ""}`;
  return s;
}

/** The Status upstream answers, with the structured conflicts attached. */
export function formatConflicts(
  conflicts: readonly ApplyConflict[],
): PatchFailure & { conflicts: ApplyConflict[] } {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0])}: ${conflicts[0].field}`;
  } else {
    const byManager = new Map<string, { printed: string; fields: string[] }>();
    for (const c of conflicts) {
      const key = managerKey(c);
      let m = byManager.get(key);
      if (!m) {
        m = { printed: printManager(c), fields: [] };
        byManager.set(key, m);
      }
      m.fields.push(c.field);
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      const m = byManager.get(key)!;
      lines.push(`conflicts with ${m.printed}:`);
      for (const f of m.fields) lines.push(`- ${f}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
  }
  return {
    ok: false,
    code: 409,
    reason: "Conflict",
    message,
    details: {
      causes: conflicts.map((c) => ({
        reason: "FieldManagerConflict",
        message: `conflict with ${printManager(c)}`,
        field: c.field,
      })),
    },
    conflicts: [...conflicts],
  };
}

/** Upstream groups and sorts by the manager identifier (its JSON). */
function managerKey(c: ApplyConflict): string {
  return buildManagerIdentifier(c);
}
