// Test-only schemas for the kinds in kubectl-bodies.ts: the fields those bodies carry, with the field
// numbers of k8s.io/api generated.proto and `required` as upstream's OpenAPI marks it. Not the API's
// real types (those live in src/api); small on purpose.
import { Type, type TSchema } from "@sinclair/typebox";
import { Bytes, IntOrString, Quantity, StringMap, Struct, Time } from "../../../api/schema.js";
import { LabelSelector, ObjectMeta } from "../../../api/meta/v1/types.js";

const S = Type.String();
const I32 = Type.Integer({ format: "int32" });
const I64 = Type.Integer({ format: "int64" });
const B = Type.Boolean();
const strings = Type.Array(Type.String());
const quantities = Type.Record(Type.String(), Quantity());

const ContainerPort = Struct(
  { name: S, hostPort: I32, containerPort: I32, protocol: S, hostIP: S },
  {
    $id: "t.ContainerPort",
    required: ["containerPort"],
    "x-proto": { name: 1, hostPort: 2, containerPort: 3, protocol: 4, hostIP: 5 },
  },
);
const ResourceRequirements = Struct(
  { limits: quantities, requests: quantities },
  { $id: "t.ResourceRequirements", "x-proto": { limits: 1, requests: 2 } },
);
const ExecAction = Struct({ command: strings }, { $id: "t.ExecAction", "x-proto": { command: 1 } });
const Probe = Struct(
  { exec: ExecAction, initialDelaySeconds: I32, periodSeconds: I32 },
  // exec lives in the inlined ProbeHandler (field 1).
  {
    $id: "t.Probe",
    "x-proto": { initialDelaySeconds: 2, periodSeconds: 4 },
    "x-proto-inline": { "1": { exec: 1 } },
  },
);
const EmptyDir = Struct(
  { medium: S, sizeLimit: Quantity() },
  { $id: "t.EmptyDirVolumeSource", "x-proto": { medium: 1, sizeLimit: 2 } },
);
const Volume = Struct(
  { name: S, emptyDir: EmptyDir },
  { $id: "t.Volume", required: ["name"], "x-proto": { name: 1 }, "x-proto-inline": { "2": { emptyDir: 2 } } },
);
const Container = Struct(
  {
    name: S,
    image: S,
    command: strings,
    args: strings,
    workingDir: S,
    ports: Type.Array(ContainerPort),
    resources: ResourceRequirements,
    livenessProbe: Probe,
    terminationMessagePath: S,
    terminationMessagePolicy: S,
    imagePullPolicy: S,
    stdin: B,
    stdinOnce: B,
    tty: B,
  },
  {
    $id: "t.Container",
    required: ["name"],
    "x-proto": {
      name: 1,
      image: 2,
      command: 3,
      args: 4,
      workingDir: 5,
      ports: 6,
      resources: 8,
      livenessProbe: 10,
      terminationMessagePath: 13,
      imagePullPolicy: 14,
      stdin: 16,
      stdinOnce: 17,
      tty: 18,
      terminationMessagePolicy: 20,
    },
  },
);
const PodSpec = Struct(
  {
    volumes: Type.Array(Volume),
    containers: Type.Array(Container),
    restartPolicy: S,
    terminationGracePeriodSeconds: I64,
    dnsPolicy: S,
    nodeSelector: StringMap(),
    serviceAccountName: S,
    serviceAccount: S,
    nodeName: S,
    hostNetwork: B,
    hostPID: B,
    hostIPC: B,
    hostname: S,
    subdomain: S,
    schedulerName: S,
    priorityClassName: S,
  },
  {
    $id: "t.PodSpec",
    required: ["containers"],
    "x-proto": {
      volumes: 1,
      containers: 2,
      restartPolicy: 3,
      terminationGracePeriodSeconds: 4,
      dnsPolicy: 6,
      nodeSelector: 7,
      serviceAccountName: 8,
      serviceAccount: 9,
      nodeName: 10,
      hostNetwork: 11,
      hostPID: 12,
      hostIPC: 13,
      hostname: 16,
      subdomain: 17,
      schedulerName: 19,
      priorityClassName: 24,
    },
  },
);
const PodTemplateSpec = Struct(
  { metadata: ObjectMeta, spec: PodSpec },
  { $id: "t.PodTemplateSpec", "x-proto": { metadata: 1, spec: 2 } },
);

/** `replicasPointer`: mark DeploymentSpec.replicas as a Go pointer (x-proto-pointer). */
export function deploymentSchema(replicasPointer: boolean): TSchema {
  const DeploymentSpec = Struct(
    {
      replicas: Type.Integer({ format: "int32", ...(replicasPointer ? { "x-proto-pointer": true } : {}) }),
      selector: LabelSelector,
      template: PodTemplateSpec,
      strategy: Struct({ type: S }, { $id: "t.DeploymentStrategy", "x-proto": { type: 1 } }),
      minReadySeconds: I32,
      revisionHistoryLimit: I32,
      paused: B,
      progressDeadlineSeconds: I32,
    },
    {
      $id: "t.DeploymentSpec",
      required: ["selector", "template"],
      "x-proto": {
        replicas: 1,
        selector: 2,
        template: 3,
        strategy: 4,
        minReadySeconds: 5,
        revisionHistoryLimit: 6,
        paused: 7,
        progressDeadlineSeconds: 9,
      },
    },
  );
  const DeploymentStatus = Struct(
    {
      observedGeneration: I64,
      replicas: I32,
      updatedReplicas: I32,
      readyReplicas: I32,
      availableReplicas: I32,
      unavailableReplicas: I32,
    },
    {
      $id: "t.DeploymentStatus",
      "x-proto": {
        observedGeneration: 1,
        replicas: 2,
        updatedReplicas: 3,
        availableReplicas: 4,
        unavailableReplicas: 5,
        readyReplicas: 7,
      },
    },
  );
  return Struct(
    { apiVersion: S, kind: S, metadata: ObjectMeta, spec: DeploymentSpec, status: DeploymentStatus },
    { $id: "t.Deployment", "x-proto": { metadata: 1, spec: 2, status: 3 } },
  );
}

const ConfigMap = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    immutable: B,
    data: StringMap(),
    binaryData: Type.Record(S, Bytes()),
  },
  { $id: "t.ConfigMap", "x-proto": { metadata: 1, data: 2, binaryData: 3, immutable: 4 } },
);
const Secret = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    immutable: B,
    data: Type.Record(S, Bytes()),
    stringData: StringMap(),
    type: S,
  },
  { $id: "t.Secret", "x-proto": { metadata: 1, data: 2, type: 3, stringData: 4, immutable: 5 } },
);
const ServicePort = Struct(
  { name: S, protocol: S, appProtocol: S, port: I32, targetPort: IntOrString(), nodePort: I32 },
  {
    $id: "t.ServicePort",
    required: ["port"],
    "x-proto": { name: 1, protocol: 2, port: 3, targetPort: 4, nodePort: 5, appProtocol: 6 },
  },
);
const Service = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      {
        ports: Type.Array(ServicePort),
        selector: StringMap(),
        clusterIP: S,
        type: S,
        sessionAffinity: S,
        loadBalancerIP: S,
        externalName: S,
        externalTrafficPolicy: S,
        healthCheckNodePort: I32,
        publishNotReadyAddresses: B,
        ipFamilyPolicy: S,
        allocateLoadBalancerNodePorts: B,
        internalTrafficPolicy: S,
      },
      {
        $id: "t.ServiceSpec",
        "x-proto": {
          ports: 1,
          selector: 2,
          clusterIP: 3,
          type: 4,
          sessionAffinity: 7,
          loadBalancerIP: 8,
          externalName: 10,
          externalTrafficPolicy: 11,
          healthCheckNodePort: 12,
          publishNotReadyAddresses: 13,
          ipFamilyPolicy: 17,
          allocateLoadBalancerNodePorts: 20,
          internalTrafficPolicy: 22,
        },
      },
    ),
    status: Struct(
      {
        loadBalancer: Struct(
          { ingress: Type.Array(Type.Object({})) },
          { $id: "t.LoadBalancerStatus", "x-proto": {} },
        ),
      },
      { $id: "t.ServiceStatus", "x-proto": { loadBalancer: 1 } },
    ),
  },
  { $id: "t.Service", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const Namespace = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct({ finalizers: strings }, { $id: "t.NamespaceSpec", "x-proto": { finalizers: 1 } }),
    status: Struct({ phase: S }, { $id: "t.NamespaceStatus", "x-proto": { phase: 1 } }),
  },
  { $id: "t.Namespace", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const JobSpec = Struct(
  {
    parallelism: I32,
    completions: I32,
    backoffLimit: I32,
    selector: LabelSelector,
    template: PodTemplateSpec,
    suspend: B,
  },
  {
    $id: "t.JobSpec",
    required: ["template"],
    "x-proto": { parallelism: 1, completions: 2, selector: 4, template: 6, backoffLimit: 7, suspend: 10 },
  },
);
const Job = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: JobSpec,
    status: Struct(
      { startTime: Time(), active: I32, succeeded: I32, failed: I32, completedIndexes: S, ready: I32 },
      {
        $id: "t.JobStatus",
        "x-proto": { startTime: 2, active: 4, succeeded: 5, failed: 6, completedIndexes: 7, ready: 9 },
      },
    ),
  },
  { $id: "t.Job", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const CronJob = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      {
        schedule: S,
        startingDeadlineSeconds: I64,
        concurrencyPolicy: S,
        suspend: B,
        jobTemplate: Struct(
          { metadata: ObjectMeta, spec: JobSpec },
          { $id: "t.JobTemplateSpec", "x-proto": { metadata: 1, spec: 2 } },
        ),
      },
      {
        $id: "t.CronJobSpec",
        required: ["schedule", "jobTemplate"],
        "x-proto": {
          schedule: 1,
          startingDeadlineSeconds: 2,
          concurrencyPolicy: 3,
          suspend: 4,
          jobTemplate: 5,
        },
      },
    ),
    status: Struct(
      { lastScheduleTime: Time(), lastSuccessfulTime: Time() },
      { $id: "t.CronJobStatus", "x-proto": { lastScheduleTime: 4, lastSuccessfulTime: 5 } },
    ),
  },
  { $id: "t.CronJob", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const PriorityClass = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    value: I32,
    globalDefault: B,
    description: S,
    preemptionPolicy: S,
  },
  {
    $id: "t.PriorityClass",
    required: ["value"],
    "x-proto": { metadata: 1, value: 2, globalDefault: 3, description: 4, preemptionPolicy: 5 },
  },
);
const PodDisruptionBudget = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      { minAvailable: IntOrString(), selector: LabelSelector, maxUnavailable: IntOrString() },
      { $id: "t.PodDisruptionBudgetSpec", "x-proto": { minAvailable: 1, selector: 2, maxUnavailable: 3 } },
    ),
    status: Struct(
      {
        observedGeneration: I64,
        disruptedPods: Type.Record(S, Time()),
        disruptionsAllowed: I32,
        currentHealthy: I32,
        desiredHealthy: I32,
        expectedPods: I32,
      },
      {
        $id: "t.PodDisruptionBudgetStatus",
        required: ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"],
        "x-proto": {
          observedGeneration: 1,
          disruptedPods: 2,
          disruptionsAllowed: 3,
          currentHealthy: 4,
          desiredHealthy: 5,
          expectedPods: 6,
        },
      },
    ),
  },
  { $id: "t.PodDisruptionBudget", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const ResourceQuota = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      { hard: quantities, scopes: strings },
      { $id: "t.ResourceQuotaSpec", "x-proto": { hard: 1, scopes: 2 } },
    ),
    status: Struct(
      { hard: quantities, used: quantities },
      { $id: "t.ResourceQuotaStatus", "x-proto": { hard: 1, used: 2 } },
    ),
  },
  { $id: "t.ResourceQuota", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const TokenRequest = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      {
        audiences: strings,
        expirationSeconds: I64,
        boundObjectRef: Struct(
          { kind: S, apiVersion: S, name: S, uid: S },
          { $id: "t.BoundObjectReference", "x-proto": { kind: 1, apiVersion: 2, name: 3, uid: 4 } },
        ),
      },
      {
        $id: "t.TokenRequestSpec",
        required: ["audiences"],
        "x-proto": { audiences: 1, boundObjectRef: 3, expirationSeconds: 4 },
      },
    ),
    status: Struct(
      { token: S, expirationTimestamp: Time() },
      {
        $id: "t.TokenRequestStatus",
        required: ["token", "expirationTimestamp"],
        "x-proto": { token: 1, expirationTimestamp: 2 },
      },
    ),
  },
  { $id: "t.TokenRequest", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
export const SelfSubjectAccessReview = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      {
        resourceAttributes: Struct(
          { namespace: S, verb: S, group: S, version: S, resource: S, subresource: S, name: S },
          {
            $id: "t.ResourceAttributes",
            "x-proto": { namespace: 1, verb: 2, group: 3, version: 4, resource: 5, subresource: 6, name: 7 },
          },
        ),
        nonResourceAttributes: Struct(
          { path: S, verb: S },
          { $id: "t.NonResourceAttributes", "x-proto": { path: 1, verb: 2 } },
        ),
      },
      {
        $id: "t.SelfSubjectAccessReviewSpec",
        "x-proto": { resourceAttributes: 1, nonResourceAttributes: 2 },
      },
    ),
    status: Struct(
      { allowed: B, denied: B, reason: S, evaluationError: S },
      {
        $id: "t.SubjectAccessReviewStatus",
        required: ["allowed"],
        "x-proto": { allowed: 1, reason: 2, evaluationError: 3, denied: 4 },
      },
    ),
  },
  { $id: "t.SelfSubjectAccessReview", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);
const Role = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    rules: Type.Array(
      Struct(
        {
          verbs: strings,
          apiGroups: strings,
          resources: strings,
          resourceNames: strings,
          nonResourceURLs: strings,
        },
        {
          $id: "t.PolicyRule",
          required: ["verbs"],
          "x-proto": { verbs: 1, apiGroups: 2, resources: 3, resourceNames: 4, nonResourceURLs: 5 },
        },
      ),
    ),
  },
  { $id: "t.Role", "x-proto": { metadata: 1, rules: 2 } },
);
const IngressBackend = Struct(
  {
    service: Struct(
      {
        name: S,
        port: Struct(
          { name: S, number: I32 },
          { $id: "t.ServiceBackendPort", "x-proto": { name: 1, number: 2 } },
        ),
      },
      { $id: "t.IngressServiceBackend", required: ["name"], "x-proto": { name: 1, port: 2 } },
    ),
  },
  { $id: "t.IngressBackend", "x-proto": { service: 4 } },
);
const Ingress = Struct(
  {
    apiVersion: S,
    kind: S,
    metadata: ObjectMeta,
    spec: Struct(
      {
        ingressClassName: S,
        defaultBackend: IngressBackend,
        rules: Type.Array(
          Struct(
            {
              host: S,
              http: Struct(
                {
                  paths: Type.Array(
                    Struct(
                      { path: S, pathType: S, backend: IngressBackend },
                      {
                        $id: "t.HTTPIngressPath",
                        required: ["pathType", "backend"],
                        "x-proto": { path: 1, backend: 2, pathType: 3 },
                      },
                    ),
                  ),
                },
                { $id: "t.HTTPIngressRuleValue", required: ["paths"], "x-proto": { paths: 1 } },
              ),
            },
            // http is a field of the inlined IngressRuleValue (field 2).
            { $id: "t.IngressRule", "x-proto": { host: 1 }, "x-proto-inline": { "2": { http: 1 } } },
          ),
        ),
      },
      { $id: "t.IngressSpec", "x-proto": { defaultBackend: 1, rules: 3, ingressClassName: 4 } },
    ),
    status: Struct(
      {
        loadBalancer: Struct(
          { ingress: Type.Array(Type.Object({})) },
          { $id: "t.IngressLoadBalancerStatus", "x-proto": {} },
        ),
      },
      { $id: "t.IngressStatus", "x-proto": { loadBalancer: 1 } },
    ),
  },
  { $id: "t.Ingress", "x-proto": { metadata: 1, spec: 2, status: 3 } },
);

const kinds: Record<string, TSchema> = {
  "apps/v1/Deployment": deploymentSchema(false),
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "v1/Namespace": Namespace,
  "batch/v1/Job": Job,
  "batch/v1/CronJob": CronJob,
  "scheduling.k8s.io/v1/PriorityClass": PriorityClass,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ResourceQuota": ResourceQuota,
  "authentication.k8s.io/v1/TokenRequest": TokenRequest,
  "authorization.k8s.io/v1/SelfSubjectAccessReview": SelfSubjectAccessReview,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "networking.k8s.io/v1/Ingress": Ingress,
};

export const lookup = (apiVersion: string, kind: string): TSchema | undefined =>
  kinds[`${apiVersion}/${kind}`];
export { Container, PodSpec, Volume, Probe };
