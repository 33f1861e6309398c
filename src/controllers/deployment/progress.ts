// syncRolloutStatus (pkg/controller/deployment/progress.go): write the rollout's status and conditions; when
// nothing changed but the rollout is unfinished, ask to be looked at again when the progress deadline expires.
import type { DeploymentDeps } from "./deps.js";
import { rolloutStatus, sameStatus, progressCheckAfterMs } from "./status.js";
import { writeDeploymentStatus } from "./sync.js";
import type { DeploymentObject, RS } from "./types.js";

/** Resolves with the delay after which the Deployment should be checked again, if any. */
export async function syncRolloutStatus(
  deps: DeploymentDeps,
  allRSs: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: DeploymentObject,
): Promise<number | undefined> {
  const now = deps.now();
  const status = rolloutStatus(allRSs, newRS, d, now);
  if (sameStatus(d.status, status)) return progressCheckAfterMs(d, status, now);
  d.status = status;
  await writeDeploymentStatus(deps, d);
  return undefined;
}
