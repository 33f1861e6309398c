// The NamespaceLifecycle admission plugin: no content in missing or terminating namespaces, and the
// system namespaces cannot be deleted.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { forbidden, notFound } from "../errors.js";
import type { AdmissionPlugin, Attributes } from "./admission.js";

export const immortalNamespaces = new Set(["default", "kube-system", "kube-public"]);

/** Name used in the Forbidden message when the object has none yet (upstream extractResourceName). */
function resourceName(a: Attributes): string {
  if (a.name) return a.name;
  const m = a.object?.metadata;
  return m?.name || m?.generateName || "Unknown";
}

const isNamespaceKind = (a: Attributes) => a.resource.group === "" && a.resource.kind === "Namespace";

export function namespaceLifecycle(
  getNamespace: (name: string) => Promise<KubeObject | undefined>,
): AdmissionPlugin {
  return {
    name: "NamespaceLifecycle",
    async admit(a: Attributes): Promise<void> {
      if (a.operation === "DELETE" && isNamespaceKind(a) && immortalNamespaces.has(a.name))
        throw forbidden(a.resource.gr, a.name, "this namespace may not be deleted");
      if (isNamespaceKind(a) || !a.namespace || !a.resource.namespaced) return;
      if (a.operation === "DELETE" || a.operation === "CONNECT") return;
      if (a.resource.group === "authorization.k8s.io" && a.resource.plural === "localsubjectaccessreviews")
        return;
      const ns = await getNamespace(a.namespace);
      if (!ns) throw notFound({ group: "", resource: "namespaces" }, a.namespace);
      if (
        a.operation === "CREATE" &&
        (ns.status as { phase?: string } | undefined)?.phase === "Terminating"
      ) {
        const err = forbidden(
          a.resource.gr,
          resourceName(a),
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
        err.status.details!.causes = [
          {
            reason: "NamespaceTerminating",
            message: `namespace ${a.namespace} is being terminated`,
            field: "metadata.namespace",
          },
        ];
        throw err;
      }
    },
  };
}
