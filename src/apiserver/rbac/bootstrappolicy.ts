// The ClusterRoles and ClusterRoleBindings upstream's bootstrap policy creates
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy), for the components k8ts runs.
import type {
  ClusterRole,
  ClusterRoleBinding,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from "../../api/rbac/v1/types.js";

export const autoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";
const bootstrapLabels = { "kubernetes.io/bootstrapping": "rbac-defaults" };

const Read = ["get", "list", "watch"];
const ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
const Write = ["create", "update", "patch", "delete", "deletecollection"];

const rule = (
  verbs: string[],
  apiGroups: string[],
  resources: string[],
  resourceNames?: string[],
): PolicyRule =>
  resourceNames ? { verbs, apiGroups, resources, resourceNames } : { verbs, apiGroups, resources };
const urls = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, nonResourceURLs });
const eventsRule = () => rule(["create", "update", "patch"], ["", "events.k8s.io"], ["events"]);

function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregateFrom?: string } = {},
): ClusterRole {
  const role: ClusterRole = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: {
      name,
      labels: { ...bootstrapLabels, ...extra.labels },
      annotations: { [autoUpdateAnnotation]: "true" },
    },
    rules,
  };
  if (extra.aggregateFrom)
    role.aggregationRule = {
      clusterRoleSelectors: [{ matchLabels: { [extra.aggregateFrom]: "true" } }],
    };
  return role;
}

const aggregateTo = (which: string) => `rbac.authorization.k8s.io/aggregate-to-${which}`;

const discoveryURLs = [
  "/api",
  "/api/*",
  "/apis",
  "/apis/*",
  "/healthz",
  "/livez",
  "/openapi",
  "/openapi/*",
  "/readyz",
  "/version",
  "/version/",
];

/** Controllers k8ts runs, by the ServiceAccount name upstream gives each. */
const controllerRoles: ClusterRole[] = [
  clusterRole("system:controller:cronjob-controller", [
    rule(["get", "list", "watch", "update"], ["batch"], ["cronjobs"]),
    rule(["get", "list", "watch", "create", "update", "delete", "patch"], ["batch"], ["jobs"]),
    rule(["update"], ["batch"], ["cronjobs/status"]),
    rule(["update"], ["batch"], ["cronjobs/finalizers"]),
    rule(["list", "delete"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:deployment-controller", [
    rule(["get", "list", "watch", "update"], ["apps", "extensions"], ["deployments"]),
    rule(["update"], ["apps", "extensions"], ["deployments/status"]),
    rule(["update"], ["apps", "extensions"], ["deployments/finalizers"]),
    rule(
      ReadWrite.filter((v) => v !== "deletecollection"),
      ["apps", "extensions"],
      ["replicasets"],
    ),
    rule(["get", "list", "watch", "update"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:replicaset-controller", [
    rule(["get", "list", "watch", "update"], ["apps", "extensions"], ["replicasets"]),
    rule(["update"], ["apps", "extensions"], ["replicasets/status"]),
    rule(["update"], ["apps", "extensions"], ["replicasets/finalizers"]),
    rule(["list", "watch", "patch", "create", "delete"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:namespace-controller", [
    rule(["get", "list", "watch", "delete"], [""], ["namespaces"]),
    rule(["update"], [""], ["namespaces/finalize", "namespaces/status"]),
    rule(["get", "list", "delete", "deletecollection"], ["*"], ["*"]),
  ]),
  clusterRole("system:controller:service-account-controller", [
    rule(["create"], [""], ["serviceaccounts"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:generic-garbage-collector", [
    rule(["get", "list", "watch", "patch", "update", "delete"], ["*"], ["*"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:node-controller", [
    rule(["get", "list", "update", "delete", "patch"], [""], ["nodes"]),
    rule(["patch", "update"], [""], ["nodes/status"]),
    rule(["patch", "update"], [""], ["pods/status"]),
    rule(["list", "get", "delete"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:taint-eviction-controller", [
    rule(["patch", "update"], [""], ["pods/status"]),
    rule(["list", "get", "delete"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:endpoint-controller", [
    rule(Read, [""], ["services", "pods"]),
    rule(["get", "list", "create", "update", "delete"], [""], ["endpoints"]),
    rule(["create"], [""], ["endpoints/restricted"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:endpointslice-controller", [
    rule(Read, [""], ["services", "pods", "nodes"]),
    rule(["update"], [""], ["services/finalizers"]),
    rule(["get", "list", "create", "update", "delete"], ["discovery.k8s.io"], ["endpointslices"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:pod-garbage-collector", [
    rule(["list", "watch", "delete"], [""], ["pods"]),
    rule(["get", "list"], [""], ["nodes"]),
    rule(["patch"], [""], ["pods/status"]),
  ]),
  clusterRole("system:controller:disruption-controller", [
    rule(Read, ["extensions", "apps"], ["deployments"]),
    rule(Read, ["apps", "extensions"], ["replicasets"]),
    rule(Read, [""], ["replicationcontrollers"]),
    rule(Read, ["policy"], ["poddisruptionbudgets"]),
    rule(Read, ["apps"], ["statefulsets"]),
    rule(["update"], ["policy"], ["poddisruptionbudgets/status"]),
    rule(["patch", "update"], [""], ["pods/status"]),
    rule(["get"], ["*"], ["*/scale"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:job-controller", [
    rule(["get", "list", "watch", "update", "patch"], ["batch"], ["jobs"]),
    rule(["update"], ["batch"], ["jobs/status"]),
    rule(["update"], ["batch"], ["jobs/finalizers"]),
    rule(["list", "watch", "create", "delete", "patch"], [""], ["pods"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:ttl-after-finished-controller", [
    rule(["get", "list", "watch", "delete"], ["batch"], ["jobs"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:resourcequota-controller", [
    rule(["list", "watch"], ["*"], ["*"]),
    rule(["update"], [""], ["resourcequotas/status"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:certificate-controller", [
    rule(["get", "list", "watch", "delete"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
    rule(
      ["update"],
      ["certificates.k8s.io"],
      ["certificatesigningrequests/status", "certificatesigningrequests/approval"],
    ),
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
    // k8ts approves a node's own serving certificate too (docs/compatibility.md)
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kubelet-serving"]),
    rule(
      ["sign"],
      ["certificates.k8s.io"],
      ["signers"],
      [
        "kubernetes.io/legacy-unknown",
        "kubernetes.io/kube-apiserver-client",
        "kubernetes.io/kube-apiserver-client-kubelet",
        "kubernetes.io/kubelet-serving",
      ],
    ),
    rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
    eventsRule(),
  ]),
  clusterRole("system:controller:root-ca-cert-publisher", [
    rule(["create", "update"], [""], ["configmaps"]),
    eventsRule(),
  ]),
];

/**
 * The components `k8ts server` runs beside the control plane, each with a certificate of its own
 * (src/cli/identities.ts) and only the rights it uses. Where upstream ships a role for the component its
 * name and rules are kept (CoreDNS's system:coredns as k3s installs it, the cloud-controller-manager's).
 */
export const addonUsers = {
  clusterDNS: "system:k8ts:cluster-dns",
  ingressController: "system:k8ts:ingress-controller",
  cloudControllerManager: "system:cloud-controller-manager",
  simulatedNodes: "system:k8ts:simulated-nodes",
};

const addonRoles: ClusterRole[] = [
  // CoreDNS's ClusterRole (its kubernetes plugin), as k3s's coredns manifest and the CoreDNS chart grant it
  clusterRole("system:coredns", [
    rule(["list", "watch"], [""], ["endpoints", "services", "pods", "namespaces"]),
    rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
  ]),
  // what src/ingress reads and writes, on the model of ingress-nginx's chart ClusterRole; the IngressClass is
  // installed by the server at start, not by the controller
  clusterRole("system:k8ts:ingress-controller", [
    rule(["list", "watch"], [""], ["secrets"]),
    rule(Read, [""], ["services"]),
    rule(Read, ["networking.k8s.io"], ["ingresses", "ingressclasses"]),
    rule(["update", "patch"], ["networking.k8s.io"], ["ingresses/status"]),
    rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
    rule(["create", "patch"], [""], ["events"]),
  ]),
  // upstream's system:cloud-controller-manager (cluster/addons/cloud-controller-manager) narrowed to the
  // controllers k8ts runs (service, cloud-node, cloud-node-lifecycle; no route or PV labelling), with the
  // node and service verbs k3s's and the cloud providers' manifests grant; no broad list/watch of every
  // resource and no Secrets, since k8ts' CCM mints no ServiceAccount tokens
  clusterRole("system:cloud-controller-manager", [
    eventsRule(),
    rule(["create"], ["coordination.k8s.io"], ["leases"]),
    rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["cloud-controller-manager"]),
    rule(["get", "list", "watch", "update", "patch", "delete"], [""], ["nodes"]),
    rule(["patch", "update"], [""], ["nodes/status"]),
    rule(["list", "watch", "patch", "update"], [""], ["services"]),
    rule(["patch", "update"], [""], ["services/status"]),
  ]),
  // The simulated kubelets (--simulated-nodes, like KWOK) act for thousands of nodes: the Node authorizer
  // needs one identity per node, so they share one, holding what system:node gives a kubelet for the
  // objects they touch (their Node objects and status, pods and pod status, pod deletion, events); their
  // Leases are in the kube-node-lease Role below.
  clusterRole("system:k8ts:simulated-nodes", [
    rule(["create", "get", "list", "watch"], [""], ["nodes"]),
    rule(["update", "patch"], [""], ["nodes/status"]),
    rule(["get", "list", "watch", "delete"], [""], ["pods"]),
    rule(["update", "patch"], [""], ["pods/status"]),
    rule(["create", "update", "patch"], [""], ["events"]),
  ]),
];

const controllerServiceAccounts = controllerRoles.map((r) =>
  r.metadata!.name!.slice("system:controller:".length),
);

export const bootstrapClusterRoles: ClusterRole[] = [
  clusterRole("cluster-admin", [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])]),
  clusterRole("system:discovery", [urls(["get"], discoveryURLs)]),
  clusterRole("system:monitoring", [
    urls(
      ["get"],
      ["/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz", "/livez/*", "/readyz/*", "/healthz/*"],
    ),
  ]),
  clusterRole("system:basic-user", [
    rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
    rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
  ]),
  clusterRole("system:public-info-viewer", [
    urls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"]),
  ]),
  clusterRole("system:service-account-issuer-discovery", [
    urls(
      ["get"],
      [
        "/.well-known/openid-configuration",
        "/.well-known/openid-configuration/",
        "/openid/v1/jwks",
        "/openid/v1/jwks/",
      ],
    ),
  ]),
  clusterRole("admin", [], { aggregateFrom: aggregateTo("admin") }),
  clusterRole("edit", [], { aggregateFrom: aggregateTo("edit"), labels: { [aggregateTo("admin")]: "true" } }),
  clusterRole("view", [], { aggregateFrom: aggregateTo("view"), labels: { [aggregateTo("edit")]: "true" } }),
  clusterRole(
    "system:aggregate-to-admin",
    [
      rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
      rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
    ],
    { labels: { [aggregateTo("admin")]: "true" } },
  ),
  clusterRole(
    "system:aggregate-to-edit",
    [
      rule(
        Read,
        [""],
        ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"],
      ),
      rule(["impersonate"], [""], ["serviceaccounts"]),
      rule(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
      rule(["create"], [""], ["pods/eviction"]),
      rule(
        Write,
        [""],
        [
          "configmaps",
          "events",
          "persistentvolumeclaims",
          "replicationcontrollers",
          "replicationcontrollers/scale",
          "secrets",
          "serviceaccounts",
          "services",
          "services/proxy",
        ],
      ),
      rule(["create"], [""], ["serviceaccounts/token"]),
      rule(
        Write,
        ["apps"],
        [
          "daemonsets",
          "deployments",
          "deployments/rollback",
          "deployments/scale",
          "replicasets",
          "replicasets/scale",
          "statefulsets",
          "statefulsets/scale",
        ],
      ),
      rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
      rule(Write, ["batch"], ["cronjobs", "jobs"]),
      rule(Write, ["policy"], ["poddisruptionbudgets"]),
      rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
      rule(Write, ["coordination.k8s.io"], ["leases"]),
    ],
    { labels: { [aggregateTo("edit")]: "true" } },
  ),
  clusterRole(
    "system:aggregate-to-view",
    [
      rule(
        Read,
        [""],
        [
          "configmaps",
          "endpoints",
          "persistentvolumeclaims",
          "persistentvolumeclaims/status",
          "pods",
          "replicationcontrollers",
          "replicationcontrollers/scale",
          "serviceaccounts",
          "services",
          "services/status",
        ],
      ),
      rule(
        Read,
        [""],
        [
          "bindings",
          "events",
          "limitranges",
          "namespaces/status",
          "pods/log",
          "pods/status",
          "replicationcontrollers/status",
          "resourcequotas",
          "resourcequotas/status",
        ],
      ),
      rule(Read, [""], ["namespaces"]),
      rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
      rule(
        Read,
        ["apps"],
        [
          "controllerrevisions",
          "daemonsets",
          "daemonsets/status",
          "deployments",
          "deployments/scale",
          "deployments/status",
          "replicasets",
          "replicasets/scale",
          "replicasets/status",
          "statefulsets",
          "statefulsets/scale",
          "statefulsets/status",
        ],
      ),
      rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
      rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
      rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
      rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
      rule(Read, ["coordination.k8s.io"], ["leases"]),
    ],
    { labels: { [aggregateTo("view")]: "true" } },
  ),
  clusterRole("system:node", [
    rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
    rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"]),
    rule(Read, [""], ["services"]),
    rule(["create", "get", "list", "watch"], [""], ["nodes"]),
    rule(["update", "patch"], [""], ["nodes/status"]),
    rule(["update", "patch"], [""], ["nodes"]),
    rule(["create", "update", "patch"], [""], ["events"]),
    rule(Read, [""], ["pods"]),
    rule(["create", "delete"], [""], ["pods"]),
    rule(["update", "patch"], [""], ["pods/status"]),
    rule(["create"], [""], ["pods/eviction"]),
    rule(["get"], [""], ["secrets", "configmaps", "persistentvolumeclaims", "persistentvolumes"]),
    rule(["get"], [""], ["endpoints"]),
    rule(["update", "patch"], [""], ["persistentvolumeclaims/status"]),
    rule(["get"], ["storage.k8s.io"], ["volumeattachments"]),
    rule(["create"], [""], ["serviceaccounts/token"]),
    rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
    rule(["get", "create", "update", "patch", "delete"], ["coordination.k8s.io"], ["leases"]),
    rule(Read, ["storage.k8s.io"], ["csidrivers"]),
    rule(["get", "watch", "list", "create", "delete", "update", "patch"], ["storage.k8s.io"], ["csinodes"]),
    rule(Read, ["node.k8s.io"], ["runtimeclasses"]),
  ]),
  clusterRole("system:kube-scheduler", [
    eventsRule(),
    rule(["create"], ["coordination.k8s.io"], ["leases"]),
    rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-scheduler"]),
    rule(["create"], [""], ["endpoints"]),
    rule(["get", "update"], [""], ["endpoints"], ["kube-scheduler"]),
    rule(Read, [""], ["nodes"]),
    rule(["get", "list", "watch", "delete"], [""], ["pods"]),
    rule(["create"], [""], ["bindings", "pods/binding"]),
    rule(["patch", "update"], [""], ["pods/status"]),
    rule(Read, [""], ["replicationcontrollers", "services"]),
    rule(Read, ["apps", "extensions"], ["replicasets"]),
    rule(Read, ["apps"], ["statefulsets"]),
    rule(Read, ["policy"], ["poddisruptionbudgets"]),
    rule(Read, [""], ["persistentvolumeclaims", "persistentvolumes"]),
    rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
    rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
    rule(Read, ["storage.k8s.io"], ["csinodes", "csidrivers", "csistoragecapacities", "storageclasses"]),
    rule(Read, [""], ["namespaces"]),
    rule(Read, ["resource.k8s.io"], ["resourceclaims", "deviceclasses", "resourceslices"]),
    // k8ts' scheduler resolves pod priorities from PriorityClasses itself (docs/compatibility.md)
    rule(Read, ["scheduling.k8s.io"], ["priorityclasses"]),
  ]),
  clusterRole("system:kube-controller-manager", [
    eventsRule(),
    rule(["create"], ["coordination.k8s.io"], ["leases"]),
    rule(["get", "update"], ["coordination.k8s.io"], ["leases"], ["kube-controller-manager"]),
    rule(["create"], [""], ["secrets", "serviceaccounts"]),
    rule(["delete"], [""], ["secrets"]),
    rule(["get"], [""], ["configmaps", "namespaces", "secrets", "serviceaccounts"]),
    rule(["update"], [""], ["secrets", "serviceaccounts"]),
    rule(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
    rule(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
    rule(["list", "watch"], ["*"], ["*"]),
    rule(["create"], [""], ["serviceaccounts/token"]),
  ]),
  // kube-proxy (upstream NodeProxierRole)
  clusterRole("system:node-proxier", [
    rule(["list", "watch"], [""], ["services", "endpoints"]),
    rule(["get", "list", "watch"], [""], ["nodes"]),
    eventsRule(),
    rule(["list", "watch"], ["discovery.k8s.io"], ["endpointslices"]),
  ]),
  // what agents joining with a bootstrap token may do (upstream NodeBootstrapperRole)
  clusterRole("system:node-bootstrapper", [
    rule(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"]),
  ]),
  clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [
    rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"]),
  ]),
  clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [
    rule(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"]),
  ]),
  clusterRole("system:certificates.k8s.io:kube-apiserver-client-approver", [
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client"]),
  ]),
  clusterRole("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", [
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kube-apiserver-client-kubelet"]),
  ]),
  clusterRole("system:certificates.k8s.io:kubelet-serving-approver", [
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/kubelet-serving"]),
  ]),
  clusterRole("system:certificates.k8s.io:legacy-unknown-approver", [
    rule(["approve"], ["certificates.k8s.io"], ["signers"], ["kubernetes.io/legacy-unknown"]),
  ]),
  ...controllerRoles,
  ...addonRoles,
];

function binding(roleName: string, subjects: Subject[], name = roleName): ClusterRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name, labels: { ...bootstrapLabels }, annotations: { [autoUpdateAnnotation]: "true" } },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
    subjects,
  };
}
const group = (name: string): Subject => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name });
const user = (name: string): Subject => ({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name });
const serviceAccount = (namespace: string, name: string): Subject => ({
  kind: "ServiceAccount",
  name,
  namespace,
});

export const bootstrapClusterRoleBindings: ClusterRoleBinding[] = [
  binding("cluster-admin", [group("system:masters")]),
  binding("system:monitoring", [group("system:monitoring")]),
  binding("system:discovery", [group("system:authenticated")]),
  binding("system:basic-user", [group("system:authenticated")]),
  binding("system:public-info-viewer", [group("system:authenticated"), group("system:unauthenticated")]),
  binding("system:service-account-issuer-discovery", [group("system:serviceaccounts")]),
  binding("system:node", []),
  binding("system:kube-controller-manager", [user("system:kube-controller-manager")]),
  binding("system:kube-scheduler", [user("system:kube-scheduler")]),
  binding("system:node-proxier", [user("system:kube-proxy")]),
  // an agent's kube-proxy runs with its node's identity (docs/compatibility.md)
  binding("system:node-proxier", [group("system:nodes")], "k8ts:node-proxier"),
  // k3s binds these to the bootstrap token group so agents can join and nodes renew (upstream's kubeadm does too)
  binding("system:node-bootstrapper", [group("system:bootstrappers")], "k8ts:node-bootstrapper"),
  binding(
    "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
    [group("system:bootstrappers")],
    "k8ts:node-autoapprove-bootstrap",
  ),
  binding(
    "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
    [group("system:nodes")],
    "k8ts:node-autoapprove-certificate-rotation",
  ),
  ...controllerServiceAccounts.map((sa) =>
    binding(`system:controller:${sa}`, [serviceAccount("kube-system", sa)]),
  ),
  binding("system:coredns", [user(addonUsers.clusterDNS)]),
  binding("system:k8ts:ingress-controller", [user(addonUsers.ingressController)]),
  binding("system:cloud-controller-manager", [user(addonUsers.cloudControllerManager)]),
  binding("system:k8ts:simulated-nodes", [user(addonUsers.simulatedNodes)]),
];

/** Roles in kube-system (upstream NamespaceRoles): the token cleaner's and the leader-election locks. */
const namespacedRole = (namespace: string, name: string, rules: PolicyRule[]): Role => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "Role",
  metadata: {
    name,
    namespace,
    labels: { ...bootstrapLabels },
    annotations: { [autoUpdateAnnotation]: "true" },
  },
  rules,
});

export const bootstrapRoles: Role[] = [
  namespacedRole("kube-system", "system:controller:token-cleaner", [
    rule(["delete", "get", "list", "watch"], [""], ["secrets"]),
    rule(["create", "patch", "update"], ["", "events.k8s.io"], ["events"]),
  ]),
  namespacedRole("kube-system", "extension-apiserver-authentication-reader", [
    rule(["get", "list", "watch"], [""], ["configmaps"], ["extension-apiserver-authentication"]),
  ]),
  // the simulated nodes' Leases, and only in kube-node-lease
  namespacedRole("kube-node-lease", "system:k8ts:simulated-nodes", [
    rule(["create", "get", "update"], ["coordination.k8s.io"], ["leases"]),
  ]),
];

const roleBinding = (namespace: string, roleName: string, subjects: Subject[]): RoleBinding => ({
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "RoleBinding",
  metadata: {
    name: roleName,
    namespace,
    labels: { ...bootstrapLabels },
    annotations: { [autoUpdateAnnotation]: "true" },
  },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
  subjects,
});

export const bootstrapRoleBindings: RoleBinding[] = [
  roleBinding("kube-system", "system:controller:token-cleaner", [
    serviceAccount("kube-system", "token-cleaner"),
  ]),
  roleBinding("kube-system", "extension-apiserver-authentication-reader", [
    user("system:kube-controller-manager"),
    user("system:kube-scheduler"),
  ]),
  roleBinding("kube-node-lease", "system:k8ts:simulated-nodes", [user(addonUsers.simulatedNodes)]),
];
