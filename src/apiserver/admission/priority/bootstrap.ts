// The system PriorityClasses the API server creates at start (upstream's
// scheduling/bootstrap-system-priority-classes post-start hook).
import { StatusError } from "../../errors.js";
import type { GenericRegistry } from "../../registry/generic.js";
import { systemPriorityClasses } from "./admission.js";

export async function bootstrapSystemPriorityClasses(reg: GenericRegistry): Promise<void> {
  for (const pc of systemPriorityClasses) {
    if (await reg.current("", pc.name)) continue;
    const obj = {
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: pc.name },
      value: pc.value,
      description: pc.description,
    };
    reg.info.rt.defaults?.(obj);
    try {
      await reg.create("", obj, {
        user: { username: "system:apiserver", groups: ["system:masters"] },
        dryRun: false,
        fieldManager: "kube-apiserver",
        subresource: "",
        warnings: [],
      });
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
    }
  }
}
