// The namespaces every cluster has, created at start when absent (upstream's system namespaces controller
// and the bootstrap of "default").
import type { KubeObject } from "../api/meta/v1/types.js";
import { StatusError } from "./errors.js";
import type { GenericRegistry } from "./registry/generic.js";
import type { Logger } from "./logger.js";

export const systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

export async function bootstrapNamespaces(reg: GenericRegistry, log: Logger): Promise<void> {
  for (const name of systemNamespaces) {
    if (await reg.current("", name)) continue;
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name } };
    reg.info.rt.defaults?.(ns);
    try {
      await reg.create("", ns, {
        user: { username: "system:apiserver", groups: ["system:masters"] },
        dryRun: false,
        fieldManager: "kube-apiserver",
        subresource: "",
        warnings: [],
      });
      log.info({ namespace: name }, "created system namespace");
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
    }
  }
}
