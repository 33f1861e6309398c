// The Node authorizer (plugin/pkg/auth/authorizer/node, Kubernetes 1.32 with AuthorizeNodeWithSelectors on):
// kubelets (user system:node:<name> in group system:nodes) may read Secrets and ConfigMaps (get, or
// list/watch one by metadata.name), get PersistentVolumeClaims, PersistentVolumes and Pods only when they
// are related to their node, request tokens only for the ServiceAccounts of pods on their node, touch only
// their own Lease, read only their own Node and list/watch Pods only by spec.nodeName; everything else a
// node may do is upstream's system:node rule set. Upstream answers from a graph its informers keep; here
// the watch cache is asked directly, which gives the same relationships.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { podReferences } from "../../api/core/v1/pod-references.js";
import type { PolicyRule } from "../../api/rbac/v1/types.js";
import type { AuthorizationAttributes, Authorizer, Decision } from "./authorizer.js";

type Json = Record<string, any>;
type Result = { decision: Decision; reason: string };

export const NodesGroup = "system:nodes";
export const NodeUserPrefix = "system:node:";
/** The namespace kubelets keep their heartbeat Leases in (upstream api.NamespaceNodeLease). */
export const NamespaceNodeLease = "kube-node-lease";
const mirrorPodAnnotation = "kubernetes.io/config.mirror";

/**
 * upstream nodeidentifier.NodeIdentity: whether the user is a node (system:node:<name> in system:nodes)
 * and its node name, which is "" for the bare "system:node:" — a node that callers must refuse.
 */
export function nodeIdentity(user: { username: string; groups: string[] }): {
  isNode: boolean;
  name: string;
} {
  if (!user.username.startsWith(NodeUserPrefix) || !user.groups.includes(NodesGroup))
    return { isNode: false, name: "" };
  return { isNode: true, name: user.username.slice(NodeUserPrefix.length) };
}

export interface NodeGraphSource {
  /** Pods in a namespace ("" = all). */
  pods(namespace: string): Iterable<KubeObject>;
  get(
    plural: "persistentvolumeclaims" | "persistentvolumes",
    namespace: string,
    name: string,
  ): KubeObject | undefined;
}

type VertexType =
  "secrets" | "configmaps" | "persistentvolumeclaims" | "persistentvolumes" | "pods" | "serviceaccounts";

const allow: Result = { decision: "Allow", reason: "" };
const noOpinion = (reason: string): Result => ({ decision: "NoOpinion", reason });
const noRelationship = (node: string): Result =>
  noOpinion(`no relationship found between node '${node}' and this object`);

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

  /**
   * Pods whose references grant their node access. Upstream's graph gives a mirror pod only its edge to
   * the node, so a node cannot create a pod that grants it access to other objects.
   */
  private grantingPodsOn(node: string, namespace: string): Json[] {
    return this.podsOn(node, namespace).filter(
      (p) => p.metadata?.annotations?.[mirrorPodAnnotation] === undefined,
    );
  }

  /** upstream hasPathFrom: whether the object is related to the node through the graph's edges. */
  private hasPathFrom(node: string, type: VertexType, namespace: string, name: string): boolean {
    switch (type) {
      case "pods":
        return this.podsOn(node, namespace).some((p) => p.metadata?.name === name);
      case "serviceaccounts":
        // only a set spec.serviceAccountName makes an edge
        return this.grantingPodsOn(node, namespace).some(
          (p) => !!name && p.spec?.serviceAccountName === name,
        );
      case "secrets":
        return this.grantingPodsOn(node, namespace).some((p) => podReferences(p).secrets.has(name));
      case "configmaps":
        return this.grantingPodsOn(node, namespace).some((p) => podReferences(p).configmaps.has(name));
      case "persistentvolumeclaims":
        return this.grantingPodsOn(node, namespace).some((p) => podReferences(p).pvcs.has(name));
      case "persistentvolumes": {
        // pv -> pvc comes from the PersistentVolume's claimRef (upstream AddPV)
        const claim = (this.source.get("persistentvolumes", "", name) as Json | undefined)?.spec?.claimRef;
        if (!claim?.name) return false;
        return this.grantingPodsOn(node, claim.namespace ?? "").some((p) =>
          podReferences(p).pvcs.has(claim.name),
        );
      }
    }
  }

  /** upstream authorize. A list or watch has a name only when its fieldSelector pins metadata.name. */
  private authorizeRelated(node: string, type: VertexType, a: AuthorizationAttributes): Result {
    if (!a.name) return noOpinion("No Object name found");
    return this.hasPathFrom(node, type, a.namespace, a.name) ? allow : noRelationship(node);
  }

  /** upstream authorizeReadNamespacedObject: get, list and watch of one related object. */
  private authorizeReadNamespacedObject(node: string, type: VertexType, a: AuthorizationAttributes): Result {
    if (!["get", "list", "watch"].includes(a.verb)) return noOpinion("can only read resources of this type");
    if (a.subresource) return noOpinion("cannot read subresource");
    if (!a.namespace) return noOpinion("can only read namespaced object of this type");
    return this.authorizeRelated(node, type, a);
  }

  /** upstream authorizeGet. */
  private authorizeGet(node: string, type: VertexType, a: AuthorizationAttributes): Result {
    if (a.verb !== "get") return noOpinion("can only get individual resources of this type");
    if (a.subresource) return noOpinion("cannot get subresource");
    return this.authorizeRelated(node, type, a);
  }

  /** upstream authorizeStatusUpdate: persistentvolumeclaims/status, which the kubelet writes on expansion. */
  private authorizeStatusUpdate(node: string, type: VertexType, a: AuthorizationAttributes): Result {
    if (a.verb !== "update" && a.verb !== "patch") return noOpinion("can only get/update/patch this type");
    if (a.subresource !== "status") return noOpinion("can only update status subresource");
    return this.authorizeRelated(node, type, a);
  }

  /** upstream authorizeCreateToken: every serviceaccounts request, the kubelet's TokenRequests only. */
  private authorizeCreateToken(node: string, a: AuthorizationAttributes): Result {
    if (a.verb !== "create" || !a.name)
      return noOpinion("can only create tokens for individual service accounts");
    if (a.subresource !== "token") return noOpinion("can only create token subresource of serviceaccount");
    return this.hasPathFrom(node, "serviceaccounts", a.namespace, a.name) ? allow : noRelationship(node);
  }

  /** upstream authorizeLease. A create carries no name here; NodeRestriction checks the object's. */
  private authorizeLease(node: string, a: AuthorizationAttributes): Result {
    if (!["get", "create", "update", "patch", "delete"].includes(a.verb))
      return noOpinion("can only get, create, update, patch, or delete a node lease");
    if (a.namespace !== NamespaceNodeLease)
      return noOpinion(
        `can only access leases in the ${JSON.stringify(NamespaceNodeLease)} system namespace`,
      );
    if (a.verb !== "create" && a.name !== node)
      return noOpinion("can only access node lease with the same name as the requesting node");
    return allow;
  }

  /** upstream authorizeNode (AuthorizeNodeWithSelectors): writes are NodeRestriction's; reads only its own. */
  private authorizeNode(node: string, a: AuthorizationAttributes): Result {
    if (a.subresource === "") {
      switch (a.verb) {
        case "create":
        case "update":
        case "patch":
          return allow;
        case "get":
        case "list":
        case "watch":
          // the name, not the graph, so a kubelet can read its Node before it registers it
          if (a.name === node) return allow;
          if (!a.name) return noOpinion(`node '${node}' cannot read all nodes, only its own Node object`);
          return noOpinion(`node '${node}' cannot read '${a.name}', only its own Node object`);
      }
    } else if (a.subresource === "status" && (a.verb === "update" || a.verb === "patch")) return allow;
    return noOpinion("");
  }

  /** upstream authorizePod (AuthorizeNodeWithSelectors): pods bound to the node, writes checked by NodeRestriction. */
  private authorizePod(node: string, a: AuthorizationAttributes): Result {
    switch (a.subresource) {
      case "":
        switch (a.verb) {
          case "get":
            return this.authorizeGet(node, "pods", a);
          case "list":
          case "watch":
            if (
              a.fieldSelector?.some(
                (r) => r.field === "spec.nodeName" && r.operator === "=" && r.value === node,
              )
            )
              return allow;
            if (a.name) return this.authorizeRelated(node, "pods", a);
            return noOpinion("can only list/watch pods with spec.nodeName field selector");
          case "create":
          case "delete":
            return allow;
        }
        break;
      case "status":
        if (a.verb === "update" || a.verb === "patch") return allow;
        break;
      case "eviction":
        if (a.verb === "create") return allow;
        break;
    }
    return noOpinion("");
  }

  authorize(a: AuthorizationAttributes): Result {
    const { isNode, name: node } = nodeIdentity(a.user);
    if (!isNode) return noOpinion("");
    if (!node) return noOpinion(`unknown node for user ${JSON.stringify(a.user.username)}`);
    if (a.resourceRequest) {
      if (a.apiGroup === "") {
        switch (a.resource) {
          case "secrets":
          case "configmaps":
            return this.authorizeReadNamespacedObject(node, a.resource, a);
          case "persistentvolumeclaims":
            if (a.subresource === "status")
              return this.authorizeStatusUpdate(node, "persistentvolumeclaims", a);
            return this.authorizeGet(node, "persistentvolumeclaims", a);
          case "persistentvolumes":
            return this.authorizeGet(node, "persistentvolumes", a);
          case "serviceaccounts":
            return this.authorizeCreateToken(node, a);
          case "nodes":
            return this.authorizeNode(node, a);
          case "pods":
            return this.authorizePod(node, a);
        }
      } else if (a.apiGroup === "coordination.k8s.io" && a.resource === "leases")
        return this.authorizeLease(node, a);
    }
    // the rest is not subdivided: upstream's static system:node rules
    return this.nodeRules.some((r) => this.allows(a, r)) ? allow : noOpinion("");
  }
}
