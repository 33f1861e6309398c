// Small schemas for the patch tests (test support, not used at run time), shaped as src/api writes them (TypeBox output: plain JSON
// Schema with Kubernetes' extensions), following the upstream OpenAPI of the same fields.
import type { JSONSchema } from "./schema.js";

const str = { type: "string" };
const int = { type: "integer", format: "int32" };
const bool = { type: "boolean" };
const stringMap = { type: "object", patternProperties: { "^(.*)$": str } };

const mapList = (items: JSONSchema, keys: string[], mergeKey = keys[0], extra: JSONSchema = {}) => ({
  type: "array",
  items,
  "x-kubernetes-list-type": "map",
  "x-kubernetes-list-map-keys": keys,
  "x-kubernetes-patch-strategy": "merge",
  "x-kubernetes-patch-merge-key": mergeKey,
  ...extra,
});

const struct = (properties: Record<string, JSONSchema>, extra: JSONSchema = {}) => ({
  type: "object",
  properties,
  additionalProperties: false,
  ...extra,
});

/** A non-pointer struct field: upstream OpenAPI gives it `default: {}`. */
const value = (s: JSONSchema) => ({ ...s, default: {} });

export const ObjectMeta = struct(
  {
    name: str,
    namespace: str,
    uid: str,
    resourceVersion: str,
    generation: { type: "integer", format: "int64" },
    creationTimestamp: { type: "string", format: "date-time" },
    labels: stringMap,
    annotations: stringMap,
    finalizers: {
      type: "array",
      items: str,
      "x-kubernetes-list-type": "set",
      "x-kubernetes-patch-strategy": "merge",
    },
    ownerReferences: mapList(
      struct(
        { apiVersion: str, kind: str, name: str, uid: str, controller: bool },
        { "x-kubernetes-map-type": "atomic" },
      ),
      ["uid"],
    ),
    managedFields: {
      type: "array",
      "x-kubernetes-list-type": "atomic",
      items: struct({
        manager: str,
        operation: str,
        apiVersion: str,
        time: { type: "string", format: "date-time" },
        fieldsType: str,
        fieldsV1: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        subresource: str,
      }),
    },
  },
  { $id: "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" },
);

const ContainerPort = struct({
  name: str,
  containerPort: int,
  protocol: { type: "string", default: "TCP" },
});

const EnvVar = struct({ name: str, value: str });

const Container = struct({
  name: str,
  image: str,
  args: { type: "array", items: str, "x-kubernetes-list-type": "atomic" },
  ports: mapList(ContainerPort, ["containerPort", "protocol"], "containerPort"),
  env: mapList(EnvVar, ["name"]),
  resources: value(struct({ limits: stringMap, requests: stringMap })),
});

const Volume = struct({
  name: str,
  emptyDir: struct({ medium: str }),
  configMap: struct({ name: str }),
  secret: struct({ secretName: str }),
});

export const PodSpec = struct(
  {
    containers: mapList(Container, ["name"]),
    initContainers: mapList(Container, ["name"]),
    volumes: mapList(Volume, ["name"], "name", { "x-kubernetes-patch-strategy": "merge,retainKeys" }),
    nodeName: str,
    nodeSelector: { ...stringMap, "x-kubernetes-map-type": "atomic" },
    tolerations: {
      type: "array",
      items: struct({ key: str, operator: str, effect: str }),
      "x-kubernetes-list-type": "atomic",
    },
  },
  { required: ["containers"] },
);

const Condition = struct({ type: str, status: str, reason: str, message: str });

const LabelSelector = struct(
  {
    matchLabels: stringMap,
    matchExpressions: {
      type: "array",
      "x-kubernetes-list-type": "atomic",
      items: struct({
        key: str,
        operator: str,
        values: { type: "array", items: str, "x-kubernetes-list-type": "atomic" },
      }),
    },
  },
  { "x-kubernetes-map-type": "atomic" },
);

const DeploymentSpec = struct(
  {
    replicas: int,
    paused: bool,
    selector: LabelSelector,
    strategy: value({
      ...struct({
        type: str,
        rollingUpdate: struct({ maxSurge: { "x-kubernetes-int-or-string": true, anyOf: [int, str] } }),
      }),
      "x-kubernetes-patch-strategy": "retainKeys",
    }),
    template: value(struct({ metadata: value(ObjectMeta), spec: value(PodSpec) })),
  },
  { required: ["selector", "template"] },
);

export const Deployment = struct(
  {
    apiVersion: str,
    kind: str,
    metadata: value(ObjectMeta),
    spec: value(DeploymentSpec),
    status: value(
      struct({
        replicas: int,
        observedGeneration: { type: "integer", format: "int64" },
        conditions: mapList(Condition, ["type"]),
      }),
    ),
  },
  { $id: "io.k8s.api.apps.v1.Deployment" },
);

export const ConfigMap = struct(
  {
    apiVersion: str,
    kind: str,
    metadata: value(ObjectMeta),
    data: stringMap,
    binaryData: { type: "object", additionalProperties: { type: "string", format: "byte" } },
    immutable: bool,
  },
  { $id: "io.k8s.api.core.v1.ConfigMap" },
);

/** A custom resource's schema: structural, with a preserve-unknown-fields subtree. */
export const Widget = struct(
  {
    apiVersion: str,
    kind: str,
    metadata: { type: "object" },
    spec: {
      type: "object",
      properties: {
        size: int,
        tags: { type: "array", items: str },
        parts: mapList(struct({ id: str, color: str }), ["id"]),
        extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
    },
  },
  { $id: "example.com.v1.Widget" },
);
