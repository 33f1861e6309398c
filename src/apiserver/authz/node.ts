// The Node authorizer (plugin/pkg/auth/authorizer/node): kubelets (user system:node:<name> in group
// system:nodes) may read Secrets and ConfigMaps (get, or list/watch one by metadata.name) and get
// PersistentVolumeClaims and PersistentVolumes only when a pod bound to their node uses them, request
// tokens only for those pods' ServiceAccounts, and touch only their own Lease; everything else a node may
// do is upstream's system:node rule set.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { podReferences } from "../../api/core/v1/pod-references.js";
import type { PolicyRule } from "../../api/rbac/v1/types.js";
import type { AuthorizationAttributes, Authorizer, Decision } from "./authorizer.js";

type Json = Record<string, any>;
type Result = { decision: Decision; reason: string };

export const NodesGroup = "system:nodes";
export const NodeUserPrefix = "system:node:";

/** The node name of a node identity, or undefined (upstream nodeidentifier). */
export function nodeName(user: { username: string; groups: string[] }): string | undefined {
  if (!user.groups.includes(NodesGroup) || !user.username.startsWith(NodeUserPrefix)) return undefined;
  return user.username.slice(NodeUserPrefix.length) || undefined;
}

export interface NodeGraphSource {
  /** Pods in a namespace ("" = all). */
  pods(namespace: string): Iterable<KubeObject>;
  get(plural: "persistentvolumeclaims", namespace: string, name: string): KubeObject | undefined;
}

const noRelationship = (node: string): Result => ({
  decision: "NoOpinion",
  reason: `no relationship found between node '${node}' and this object`,
});

export class NodeAuthorizer implements Authorizer {
  constructor(
    private readonly source: NodeGraphSource,
    private readonly nodeRules: PolicyRule[],
    private readonly allows: (a: AuthorizationAttributes, rule: PolicyRule) => boolean,
  ) {}

  private podsOn(node: string, namespace: string): Json[] {
    const out: Json[] = [];
    for (const p of this.source.pods(namespace) as Iterable<Json>) if (p.spec?.nodeName === node) out.push(p);
    return out;
  }

  private related(node: string, a: AuthorizationAttributes): boolean {
    const pods = this.podsOn(node, a.namespace);
    switch (a.resource) {
      case "secrets":
        return pods.some((p) => podReferences(p).secrets.has(a.name));
      case "configmaps":
        return pods.some((p) => podReferences(p).configmaps.has(a.name));
      case "persistentvolumeclaims":
        return pods.some((p) => podReferences(p).pvcs.has(a.name));
      case "persistentvolumes":
        for (const p of this.podsOn(node, ""))
          for (const claim of podReferences(p).pvcs) {
            const pvc = this.source.get("persistentvolumeclaims", p.metadata?.namespace ?? "", claim) as
              Json | undefined;
            if (pvc?.spec?.volumeName === a.name) return true;
          }
        return false;
      default:
        return false;
    }
  }

  /** upstream authorizeReadNamespacedObject: get, list and watch of one related object. */
  private authorizeReadNamespacedObject(node: string, a: AuthorizationAttributes): Result {
    if (!["get", "list", "watch"].includes(a.verb))
      return { decision: "NoOpinion", reason: "can only read resources of this type" };
    if (a.subresource) return { decision: "NoOpinion", reason: "cannot read subresource" };
    if (!a.namespace)
      return { decision: "NoOpinion", reason: "can only read namespaced object of this type" };
    return this.authorizeRelated(node, a);
  }

  /** upstream authorizeGet. */
  private authorizeGet(node: string, a: AuthorizationAttributes): Result {
    if (a.verb !== "get")
      return { decision: "NoOpinion", reason: "can only get individual resources of this type" };
    if (a.subresource) return { decision: "NoOpinion", reason: "cannot get subresource" };
    return this.authorizeRelated(node, a);
  }

  /** upstream authorizeStatusUpdate: persistentvolumeclaims/status, which the kubelet writes on expansion. */
  private authorizeStatusUpdate(node: string, a: AuthorizationAttributes): Result {
    if (a.verb !== "update" && a.verb !== "patch")
      return { decision: "NoOpinion", reason: "can only get/update/patch this type" };
    return this.authorizeRelated(node, a);
  }

  /** upstream authorize: a list or watch has a name only when its fieldSelector pins metadata.name. */
  private authorizeRelated(node: string, a: AuthorizationAttributes): Result {
    if (!a.name) return { decision: "NoOpinion", reason: "No Object name found" };
    return this.related(node, a) ? { decision: "Allow", reason: "" } : noRelationship(node);
  }

  authorize(a: AuthorizationAttributes): Result {
    const node = nodeName(a.user);
    if (node === undefined) return { decision: "NoOpinion", reason: "" };
    if (a.resourceRequest && a.apiGroup === "") {
      switch (a.resource) {
        case "secrets":
        case "configmaps":
          return this.authorizeReadNamespacedObject(node, a);
        case "persistentvolumeclaims":
          if (a.subresource === "status") return this.authorizeStatusUpdate(node, a);
          return this.authorizeGet(node, a);
        case "persistentvolumes":
          return this.authorizeGet(node, a);
      }
      if (a.resource === "serviceaccounts" && a.subresource === "token") {
        if (a.verb !== "create")
          return { decision: "NoOpinion", reason: "can only create tokens for individual service accounts" };
        const uses = this.podsOn(node, a.namespace).some(
          (p) => (p.spec?.serviceAccountName ?? "default") === a.name,
        );
        return uses ? { decision: "Allow", reason: "" } : noRelationship(node);
      }
    }
    if (a.resourceRequest && a.apiGroup === "coordination.k8s.io" && a.resource === "leases") {
      if (a.verb === "create" && a.namespace === "kube-node-lease") return { decision: "Allow", reason: "" };
      if (a.namespace !== "kube-node-lease" || a.name !== node)
        return {
          decision: "NoOpinion",
          reason: `can only access node lease with the same name as the requesting node`,
        };
      return ["get", "update", "patch", "delete"].includes(a.verb)
        ? { decision: "Allow", reason: "" }
        : { decision: "NoOpinion", reason: "" };
    }
    return this.nodeRules.some((r) => this.allows(a, r))
      ? { decision: "Allow", reason: "" }
      : { decision: "NoOpinion", reason: "" };
  }
}
