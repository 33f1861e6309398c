// core/v1 types as upstream k8s.io/api v0.36 core/v1/types.go: JSON names, protobuf field numbers, list/map markers.
import { Type, type Static } from "@sinclair/typebox";
import { Field, Quantity } from "../../schema.js";
import { Struct } from "./struct.js";
import { LocalObjectReferenceFields, LocalObjectReferenceProto } from "./reference.js";

export const ObjectFieldSelector = Struct(
  {
    apiVersion: Type.String({
      description: 'Version of the schema the FieldPath is written in terms of, defaults to "v1".',
    }),
    fieldPath: Type.String({ description: "Path of the field to select in the specified API version." }),
  },
  {
    $id: "io.k8s.api.core.v1.ObjectFieldSelector",
    required: ["fieldPath"],
    description: "ObjectFieldSelector selects an APIVersioned field of an object.",
    "x-proto": { apiVersion: 1, fieldPath: 2 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type ObjectFieldSelector = Static<typeof ObjectFieldSelector>;

export const ResourceFieldSelector = Struct(
  {
    containerName: Type.String({
      description: "Container name: required for volumes, optional for env vars",
    }),
    resource: Type.String({ description: "Required: resource to select" }),
    divisor: Quantity({
      description: 'Specifies the output format of the exposed resources, defaults to "1"',
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ResourceFieldSelector",
    required: ["resource"],
    description: "ResourceFieldSelector represents container resources (cpu, memory) and their output format",
    "x-proto": { containerName: 1, resource: 2, divisor: 3 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type ResourceFieldSelector = Static<typeof ResourceFieldSelector>;

export const ConfigMapEnvSource = Struct(
  {
    ...LocalObjectReferenceFields,
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "Specify whether the ConfigMap must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMapEnvSource",
    description: "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.",
    "x-proto": { optional: 2 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
  },
);

export type ConfigMapEnvSource = Static<typeof ConfigMapEnvSource>;

export const SecretEnvSource = Struct(
  {
    ...LocalObjectReferenceFields,
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "Specify whether the Secret must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SecretEnvSource",
    description: "SecretEnvSource selects a Secret to populate the environment variables with.",
    "x-proto": { optional: 2 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
  },
);

export type SecretEnvSource = Static<typeof SecretEnvSource>;

export const EnvFromSource = Struct(
  {
    prefix: Type.String({
      description: "Optional text to prepend to the name of each environment variable.",
    }),
    configMapRef: Field(ConfigMapEnvSource, "The ConfigMap to select from"),
    secretRef: Field(SecretEnvSource, "The Secret to select from"),
  },
  {
    $id: "io.k8s.api.core.v1.EnvFromSource",
    description: "EnvFromSource represents the source of a set of ConfigMaps or Secrets",
    "x-proto": { prefix: 1, configMapRef: 2, secretRef: 3 },
  },
);

export type EnvFromSource = Static<typeof EnvFromSource>;

export const ConfigMapKeySelector = Struct(
  {
    ...LocalObjectReferenceFields,
    key: Type.String({ description: "The key to select from the ConfigMap's Data field." }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "Specify whether the ConfigMap or its key must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMapKeySelector",
    required: ["key"],
    description: "Selects a key from a ConfigMap.",
    "x-proto": { key: 2, optional: 3 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
    "x-kubernetes-map-type": "atomic",
  },
);

export type ConfigMapKeySelector = Static<typeof ConfigMapKeySelector>;

export const SecretKeySelector = Struct(
  {
    ...LocalObjectReferenceFields,
    key: Type.String({ description: "The key of the secret to select from." }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "Specify whether the Secret or its key must be defined",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.SecretKeySelector",
    required: ["key"],
    description: "SecretKeySelector selects a key of a Secret.",
    "x-proto": { key: 2, optional: 3 },
    "x-proto-inline": { "1": LocalObjectReferenceProto },
    "x-kubernetes-map-type": "atomic",
  },
);

export type SecretKeySelector = Static<typeof SecretKeySelector>;

export const FileKeySelector = Struct(
  {
    volumeName: Type.String({ description: "The name of the volume mount containing the env file." }),
    path: Type.String({ description: "The path within the volume from which to select the file." }),
    key: Type.String({ description: "The key within the env file." }),
    optional: Type.Boolean({
      "x-proto-pointer": true,
      description: "Specify whether the file or its key must be defined.",
    }),
  },
  {
    $id: "io.k8s.api.core.v1.FileKeySelector",
    required: ["volumeName", "path", "key"],
    description: "FileKeySelector selects a key of the env file.",
    "x-proto": { volumeName: 1, path: 2, key: 3, optional: 4 },
    "x-kubernetes-map-type": "atomic",
  },
);

export type FileKeySelector = Static<typeof FileKeySelector>;

export const EnvVarSource = Struct(
  {
    fieldRef: Field(
      ObjectFieldSelector,
      "Selects a field of the pod: supports metadata.name, metadata.namespace, `metadata.labels['<KEY>']`, `metadata.annotations['<KEY>']`, spec.nodeName, spec.serviceAccountName, status.hostIP, status.podIP, status.podIPs.",
    ),
    resourceFieldRef: Field(
      ResourceFieldSelector,
      "Selects a resource of the container: only resources limits and requests (limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu, requests.memory and requests.ephemeral-storage) are currently supported.",
    ),
    configMapKeyRef: Field(ConfigMapKeySelector, "Selects a key of a ConfigMap."),
    secretKeyRef: Field(SecretKeySelector, "Selects a key of a secret in the pod's namespace"),
    fileKeyRef: Field(FileKeySelector, "FileKeyRef selects a key of the env file."),
  },
  {
    $id: "io.k8s.api.core.v1.EnvVarSource",
    description: "EnvVarSource represents a source for the value of an EnvVar.",
    "x-proto": { fieldRef: 1, resourceFieldRef: 2, configMapKeyRef: 3, secretKeyRef: 4, fileKeyRef: 5 },
  },
);

export type EnvVarSource = Static<typeof EnvVarSource>;

export const EnvVar = Struct(
  {
    name: Type.String({ description: "Name of the environment variable." }),
    value: Type.String({
      description:
        "Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.",
    }),
    valueFrom: Field(EnvVarSource, "Source for the environment variable's value."),
  },
  {
    $id: "io.k8s.api.core.v1.EnvVar",
    required: ["name"],
    description: "EnvVar represents an environment variable present in a Container.",
    "x-proto": { name: 1, value: 2, valueFrom: 3 },
  },
);

export type EnvVar = Static<typeof EnvVar>;
