// The NodeRestriction admission plugin (plugin/pkg/admission/noderestriction): a kubelet
// (system:node:<name>) may create only mirror pods bound to itself, change only pods bound to itself,
// modify only its own Node object and Lease, and request tokens only bound to pods on its node. It checks
// what the Node authorizer cannot see: the request's object.
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { NamespaceNodeLease, nodeIdentity } from "../../authz/node.js";
import { forbidden, notFound } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";

type Json = Record<string, any>;

const mirrorPodAnnotation = "kubernetes.io/config.mirror";

export interface NodeRestrictionDeps {
  getPod(namespace: string, name: string): KubeObject | undefined;
}

const sameLabels = (a: Json | undefined, b: Json | undefined): boolean => {
  const ka = Object.keys(a ?? {});
  return (
    ka.length === Object.keys(b ?? {}).length && ka.every((k) => Object.hasOwn(b ?? {}, k) && a![k] === b![k])
  );
};

export function nodeRestriction(deps: NodeRestrictionDeps): AdmissionPlugin {
  return {
    name: "NodeRestriction",
    admit(a: Attributes): void {
      const { isNode, name: node } = nodeIdentity(a.user);
      if (!isNode) return;
      const deny = (msg: string) => forbidden(a.resource.gr, a.name, msg);
      // requests that cannot be matched to a particular node
      if (!node) throw deny(`could not determine node from user ${JSON.stringify(a.user.username)}`);
      const q = JSON.stringify(node);
      const { group, plural } = a.resource;
      if (group === "" && plural === "pods") {
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
            throw deny(
              `unexpected operation ${JSON.stringify(a.operation)}, node ${q} can only create and delete mirror pods`,
            );
          case "status": {
            if (a.operation !== "UPDATE") throw deny(`unexpected operation ${JSON.stringify(a.operation)}`);
            const old = a.oldObject as Json | undefined;
            if (old?.spec?.nodeName !== node)
              throw deny(`node ${q} can only update pod status for pods with spec.nodeName set to itself`);
            if (!sameLabels(old?.metadata?.labels, (a.object as Json | undefined)?.metadata?.labels))
              throw deny(`node ${q} cannot update labels through pod status`);
            return;
          }
          case "eviction": {
            const cur = deps.getPod(a.namespace, a.name) as Json | undefined;
            if (!cur) throw notFound({ group: "", resource: "pods" }, a.name);
            // upstream formats this one with %s, unquoted
            if (cur.spec?.nodeName !== node)
              throw deny(`node ${node} can only evict pods with spec.nodeName set to itself`);
            return;
          }
          default:
            throw deny(
              `unexpected pod subresource ${JSON.stringify(a.subresource)}, only 'status' and 'eviction' are allowed`,
            );
        }
      }
      if (group === "" && plural === "nodes") {
        const target = a.name || ((a.object as Json | undefined)?.metadata?.name as string | undefined) || "";
        if (target !== node) throw deny(`node ${q} is not allowed to modify node ${JSON.stringify(target)}`);
        return;
      }
      if (group === "" && plural === "persistentvolumeclaims" && a.subresource !== "status")
        throw deny("may only update PVC status");
      if (group === "" && plural === "serviceaccounts") return admitServiceAccount(a, node, deny, deps);
      if (group === "coordination.k8s.io" && plural === "leases") {
        if (a.namespace !== NamespaceNodeLease)
          throw deny(`can only access leases in the ${JSON.stringify(NamespaceNodeLease)} system namespace`);
        // on create the name is the object's
        const lease =
          a.operation === "CREATE" ? ((a.object as Json | undefined)?.metadata?.name ?? "") : a.name;
        if (lease !== node)
          throw deny("can only access node lease with the same name as the requesting node");
      }
    },
  };
}

/** upstream admitServiceAccount: a node's TokenRequest must be bound to a pod scheduled on that node. */
function admitServiceAccount(
  a: Attributes,
  node: string,
  deny: (msg: string) => Error,
  deps: NodeRestrictionDeps,
): void {
  if (a.operation !== "CREATE" || a.subresource !== "token") return;
  const ref = (a.object as Json | undefined)?.spec?.boundObjectRef as Json | undefined;
  if (!ref || ref.apiVersion !== "v1" || ref.kind !== "Pod" || !ref.name)
    throw deny("node requested token not bound to a pod");
  if (!ref.uid) throw deny("node requested token with a pod binding without a uid");
  const pod = deps.getPod(a.namespace, String(ref.name)) as Json | undefined;
  if (!pod) throw notFound({ group: "", resource: "pods" }, String(ref.name));
  if (ref.uid !== pod.metadata?.uid)
    throw deny(
      `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
    );
  if (pod.spec?.nodeName !== node)
    throw deny("node requested token bound to a pod scheduled on a different node");
}
