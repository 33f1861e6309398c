// SchedulingGates: a pod with spec.schedulingGates stays out of the active queue until the gates are removed.
import type { EnqueueExtensions, PreEnqueuePlugin } from "../../framework/interface.js";
import { ActionType, type ClusterEventWithHint } from "../../framework/events.js";
import { Code, Status, type Result } from "../../framework/status.js";
import type { Pod } from "../../framework/types.js";
import { names } from "../names.js";

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = names.SchedulingGates;

  preEnqueue(pod: Pod): Result {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return Status.of(
      Code.UnschedulableAndUnresolvable,
      `waiting for scheduling gates: [${gates.map((g) => g.name).join(" ")}]`,
    );
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: "Pod", actionType: ActionType.UpdatePodSchedulingGatesEliminated } }];
  }
}
