// The NodeRestriction admission plugin: a kubelet (system:node:<name>) may create only mirror pods bound
// to itself, change only pods bound to itself, and modify only its own Node object.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { nodeName } from "../../authz/node.js";
import { forbidden } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

const mirrorPodAnnotation = "kubernetes.io/config.mirror";

export interface NodeRestrictionDeps {
  getPod(namespace: string, name: string): KubeObject | undefined;
}

export function nodeRestriction(deps: NodeRestrictionDeps): AdmissionPlugin {
  return {
    name: "NodeRestriction",
    admit(a: Attributes): void {
      const node = nodeName(a.user);
      if (node === undefined || a.resource.group !== "") return;
      const deny = (msg: string) => forbidden(a.resource.gr, a.name, msg);
      const q = JSON.stringify(node);
      if (a.resource.plural === "pods") {
        const pod = (a.object ?? a.oldObject) as Json | undefined;
        switch (a.subresource) {
          case "":
            if (a.operation === "CREATE") {
              if (pod?.metadata?.annotations?.[mirrorPodAnnotation] === undefined)
                throw deny(
                  `pod does not have "${mirrorPodAnnotation}" annotation, node ${q} can only create mirror pods`,
                );
              if (pod?.spec?.nodeName !== node)
                throw deny(`node ${q} can only create pods with spec.nodeName set to itself`);
              return;
            }
            if (a.operation === "DELETE") {
              const cur = (a.oldObject ?? deps.getPod(a.namespace, a.name)) as Json | undefined;
              if (cur?.spec?.nodeName !== node)
                throw deny(`node ${q} can only delete pods with spec.nodeName set to itself`);
              return;
            }
            if (a.operation === "UPDATE") throw deny(`node ${q} can only update pod status`);
            return;
          case "status":
            if ((a.oldObject as Json | undefined)?.spec?.nodeName !== node)
              throw deny(`node ${q} can only update pod status for pods with spec.nodeName set to itself`);
            return;
          case "eviction": {
            const cur = deps.getPod(a.namespace, a.name) as Json | undefined;
            if (cur?.spec?.nodeName !== node)
              throw deny(`node ${q} can only evict pods with spec.nodeName set to itself`);
            return;
          }
          default:
            throw deny(`unexpected subresource ${a.subresource}`);
        }
      }
      if (a.resource.plural === "nodes") {
        const target = a.name || ((a.object as Json | undefined)?.metadata?.name as string | undefined) || "";
        if (target !== node) throw deny(`node ${q} is not allowed to modify node ${JSON.stringify(target)}`);
      }
    },
  };
}
