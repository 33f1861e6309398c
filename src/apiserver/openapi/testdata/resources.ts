// Test-only resources shaped like upstream's (names, $ids, nesting), small on purpose: a namespaced
// apps/v1 Deployment with status and scale, core/v1 ConfigMap and the cluster-scoped Namespace.
import { Type, type TSchema } from "@sinclair/typebox";
import {
  IntOrString,
  MapList,
  Quantity,
  StringMap,
  Struct,
  Time,
  AtomicList,
  Int32,
  Bytes,
} from "../../../api/schema.js";
import { LabelSelector, ObjectMeta } from "../../../api/meta/v1/types.js";
import type { ResourceType } from "../../../api/registry.js";

/** A named type used as a field with the field's own description; remembers the type's description. */
const field = <T extends TSchema>(type: T, description: string): T => ({
  ...type,
  description,
  "x-type-description": type.description,
});

const core = "io.k8s.api.core.v1";
const apps = "io.k8s.api.apps.v1";

const ContainerPort = Struct(
  {
    name: Type.String({
      description: "If specified, this must be an IANA_SVC_NAME and unique within the pod.",
    }),
    containerPort: Int32({ description: "Number of port to expose on the pod's IP address." }),
    protocol: Type.Union([Type.Literal("TCP"), Type.Literal("UDP"), Type.Literal("SCTP")], {
      description: 'Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".',
    }),
  },
  {
    $id: `${core}.ContainerPort`,
    required: ["containerPort"],
    description: "ContainerPort represents a network port in a single container.",
    "x-proto": { name: 1, containerPort: 3, protocol: 4 },
  },
);

const ResourceRequirements = Struct(
  {
    limits: Type.Record(Type.String(), Quantity(), {
      description: "Limits describes the maximum amount of compute resources allowed.",
    }),
    requests: Type.Record(Type.String(), Quantity(), {
      description: "Requests describes the minimum amount of compute resources required.",
    }),
  },
  {
    $id: `${core}.ResourceRequirements`,
    description: "ResourceRequirements describes the compute resource requirements.",
    "x-proto": { limits: 1, requests: 2 },
  },
);

export const Container = Struct(
  {
    name: Type.String({ description: "Name of the container specified as a DNS_LABEL." }),
    image: Type.String({ description: "Container image name." }),
    command: AtomicList(Type.String(), { description: "Entrypoint array." }),
    ports: MapList(ContainerPort, ["containerPort", "protocol"], {
      description: "List of ports to expose from the container.",
    }),
    resources: field(ResourceRequirements, "Compute Resources required by this container."),
  },
  {
    $id: `${core}.Container`,
    required: ["name"],
    description: "A single application container that you want to run within a pod.",
    "x-proto": { name: 1, image: 2, command: 3, ports: 6, resources: 8 },
  },
);

const PodSpec = Struct(
  {
    containers: MapList(Container, ["name"], { description: "List of containers belonging to the pod." }),
    nodeSelector: StringMap({
      description: "NodeSelector is a selector which must be true for the pod to fit on a node.",
    }),
    terminationGracePeriodSeconds: Type.Integer({
      format: "int64",
      description: "Optional duration in seconds the pod needs to terminate gracefully.",
    }),
  },
  {
    $id: `${core}.PodSpec`,
    required: ["containers"],
    description: "PodSpec is a description of a pod.",
    "x-proto": { containers: 2, nodeSelector: 7, terminationGracePeriodSeconds: 4 },
  },
);

const PodTemplateSpec = Struct(
  {
    metadata: { ...ObjectMeta, description: "Standard object's metadata." },
    spec: field(PodSpec, "Specification of the desired behavior of the pod."),
  },
  {
    $id: `${core}.PodTemplateSpec`,
    description: "PodTemplateSpec describes the data a pod should have when created from a template",
    "x-proto": { metadata: 1, spec: 2 },
  },
);

const RollingUpdateDeployment = Struct(
  {
    maxUnavailable: IntOrString({
      description: "The maximum number of pods that can be unavailable during the update.",
    }),
    maxSurge: IntOrString({
      description: "The maximum number of pods that can be scheduled above the desired number of pods.",
    }),
  },
  {
    $id: `${apps}.RollingUpdateDeployment`,
    description: "Spec to control the desired behavior of rolling update.",
    "x-proto": { maxUnavailable: 1, maxSurge: 2 },
  },
);

const DeploymentSpec = Struct(
  {
    replicas: Int32({ description: "Number of desired pods." }),
    selector: field(LabelSelector, "Label selector for pods."),
    template: field(PodTemplateSpec, "Template describes the pods that will be created."),
    strategy: Struct(
      {
        type: Type.String({ description: 'Type of deployment. Can be "Recreate" or "RollingUpdate".' }),
        rollingUpdate: RollingUpdateDeployment,
      },
      {
        $id: `${apps}.DeploymentStrategy`,
        description: "DeploymentStrategy describes how to replace existing pods with new ones.",
        "x-proto": { type: 1, rollingUpdate: 2 },
      },
    ),
  },
  {
    $id: `${apps}.DeploymentSpec`,
    required: ["selector", "template"],
    description: "DeploymentSpec is the specification of the desired behavior of the Deployment.",
    "x-proto": { replicas: 1, selector: 2, template: 3, strategy: 4 },
  },
);

const DeploymentStatus = Struct(
  {
    replicas: Int32({ description: "Total number of non-terminated pods targeted by this deployment." }),
    conditions: MapList(
      Struct(
        {
          type: Type.String({ description: "Type of deployment condition." }),
          status: Type.String({ description: "Status of the condition, one of True, False, Unknown." }),
          lastUpdateTime: Time({ description: "The last time this condition was updated." }),
        },
        {
          $id: `${apps}.DeploymentCondition`,
          required: ["type", "status"],
          description: "DeploymentCondition describes the state of a deployment at a certain point.",
          "x-proto": { type: 1, status: 2, lastUpdateTime: 6 },
        },
      ),
      ["type"],
      { description: "Represents the latest available observations of a deployment's current state." },
    ),
  },
  {
    $id: `${apps}.DeploymentStatus`,
    description: "DeploymentStatus is the most recently observed status of the Deployment.",
    "x-proto": { replicas: 2, conditions: 6 },
  },
);

export const Deployment = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: field(DeploymentSpec, "Specification of the desired behavior of the Deployment."),
    status: field(DeploymentStatus, "Most recently observed status of the Deployment."),
  },
  {
    $id: `${apps}.Deployment`,
    description: "Deployment enables declarative updates for Pods and ReplicaSets.",
    "x-proto": { metadata: 1, spec: 2, status: 3 },
  },
);

export const Scale = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: Struct(
      {
        replicas: Int32({
          description: "replicas is the desired number of instances for the scaled object.",
        }),
      },
      {
        $id: "io.k8s.api.autoscaling.v1.ScaleSpec",
        description: "ScaleSpec describes the attributes of a scale subresource.",
        "x-proto": { replicas: 1 },
      },
    ),
  },
  {
    $id: "io.k8s.api.autoscaling.v1.Scale",
    description: "Scale represents a scaling request for a resource.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);

const ConfigMap = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    data: StringMap({ description: "Data contains the configuration data." }),
    binaryData: Type.Record(Type.String(), Bytes(), {
      description: "BinaryData contains the binary data.",
    }),
    immutable: Type.Boolean({
      description: "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.",
    }),
  },
  {
    $id: `${core}.ConfigMap`,
    description: "ConfigMap holds configuration data for pods to consume.",
    "x-proto": { metadata: 1, data: 2, binaryData: 3, immutable: 4 },
  },
);

const Namespace = Struct(
  {
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: ObjectMeta,
    spec: Struct(
      { finalizers: AtomicList(Type.String(), { description: "Finalizers is an opaque list of values." }) },
      {
        $id: `${core}.NamespaceSpec`,
        description: "NamespaceSpec describes the attributes on a Namespace.",
        "x-proto": { finalizers: 1 },
      },
    ),
  },
  {
    $id: `${core}.Namespace`,
    description: "Namespace provides a scope for Names.",
    "x-proto": { metadata: 1, spec: 2 },
  },
);

export const deployments: ResourceType = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  singular: "deployment",
  namespaced: true,
  schema: Deployment,
  status: true,
  scale: {
    specReplicasPath: ".spec.replicas",
    statusReplicasPath: ".status.replicas",
    labelSelectorPath: ".spec.selector",
  },
};
export const configmaps: ResourceType = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  singular: "configmap",
  namespaced: true,
  schema: ConfigMap,
};
export const namespaces: ResourceType = {
  group: "",
  version: "v1",
  kind: "Namespace",
  plural: "namespaces",
  singular: "namespace",
  namespaced: false,
  schema: Namespace,
  status: false,
  verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
};

export const testResources = [configmaps, namespaces, deployments];
