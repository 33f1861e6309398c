// Rollback through the deprecated rollbackTo annotation (pkg/controller/deployment/rollback.go), which
// extensions/v1beta1's rollback round-trips into apps/v1. `kubectl rollout undo` instead patches the template
// directly, and the controller simply rolls to it. Either way the revision is taken over by the ReplicaSet
// whose template matches.
import type { DeploymentDeps } from "./deps.js";
import {
  deprecatedRollbackToAnnotation,
  lastRevision,
  revisionOf,
  setDeploymentAnnotationsTo,
} from "./annotations.js";
import { rollbackDone, rollbackRevisionNotFound, rollbackTemplateUnchanged } from "./conditions.js";
import { equalIgnoreHash } from "./replicasets.js";
import { getAllReplicaSetsAndSyncRevision, recordDeploymentEvent } from "./sync.js";
import { podTemplateHashLabel, type DeploymentObject, type RS } from "./types.js";

/** getRollbackTo: the revision asked for, or undefined (absent or unparsable). */
export function getRollbackTo(d: { metadata: { annotations?: Record<string, string> } }): number | undefined {
  const v = d.metadata.annotations?.[deprecatedRollbackToAnnotation];
  if (!v || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

async function updateAndClearRollbackTo(deps: DeploymentDeps, d: DeploymentObject): Promise<void> {
  if (d.metadata.annotations) delete d.metadata.annotations[deprecatedRollbackToAnnotation];
  await deps.deployments.update(d.metadata.namespace ?? "", d.metadata.name ?? "", d);
}

export async function rollback(
  deps: DeploymentDeps,
  d: DeploymentObject,
  rsList: readonly RS[],
): Promise<void> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(deps, d, rsList, true);
  const allRSs = [...oldRSs, newRS];
  let revision = getRollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(allRSs);
    if (revision === 0) {
      recordDeploymentEvent(deps, d, "Warning", rollbackRevisionNotFound, "Unable to find last revision.");
      return updateAndClearRollbackTo(deps, d);
    }
  }
  for (const rs of allRSs) {
    if (!rs || revisionOf(rs) !== revision) continue;
    // rollbackToTemplate
    let performed = false;
    if (!equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
      const template = structuredClone(rs.spec?.template ?? {}) as NonNullable<
        DeploymentObject["spec"]
      >["template"];
      const labels = { ...(template.metadata?.labels ?? {}) };
      delete labels[podTemplateHashLabel];
      template.metadata = { ...(template.metadata ?? {}), labels };
      d.spec!.template = template;
      setDeploymentAnnotationsTo(d, rs);
      performed = true;
    } else {
      recordDeploymentEvent(
        deps,
        d,
        "Warning",
        rollbackTemplateUnchanged,
        `The rollback revision contains the same template as current deployment "${d.metadata.name}"`,
      );
    }
    await updateAndClearRollbackTo(deps, d);
    if (performed)
      recordDeploymentEvent(
        deps,
        d,
        "Normal",
        rollbackDone,
        `Rolled back deployment "${d.metadata.name}" to revision ${revision}`,
      );
    return;
  }
  recordDeploymentEvent(
    deps,
    d,
    "Warning",
    rollbackRevisionNotFound,
    "Unable to find the revision to rollback to.",
  );
  return updateAndClearRollbackTo(deps, d);
}
