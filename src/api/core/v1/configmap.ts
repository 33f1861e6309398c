// ConfigMap: the kind and its `configmaps` resource (ValidateConfigMap, immutability, columns).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Bytes, StringMap } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import type { ResourceType } from "../../registry.js";
import { type FieldError, invalid, forbidden, tooLong } from "../../validation/field.js";
import { nameColumn, ageColumn } from "./columns.js";
import { isConfigMapKey } from "../../validation/names.js";
import { semanticEqual } from "../../validation/fieldrules.js";

// Kept for importers of this module; defined in src/api/validation/names.ts.
export { isConfigMapKey };

export const ConfigMap = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    immutable: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated (only object metadata can be modified).",
    }),
    data: StringMap({ description: "Data contains the configuration data." }),
    binaryData: Type.Record(Type.String(), Bytes(), { description: "BinaryData contains the binary data." }),
  },
  {
    $id: "io.k8s.api.core.v1.ConfigMap",
    description: "ConfigMap holds configuration data for pods to consume.",
    "x-proto": { metadata: 1, immutable: 4, data: 2, binaryData: 3 },
  },
);
export type ConfigMap = Static<typeof ConfigMap> & KubeObject;

/** Secrets and config maps hold at most 1 MiB of data (core.MaxSecretSize). */
export const maxSecretSize = 1024 * 1024;

/** ValidateConfigMap (metadata is checked by the API server). */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  const binary = cm.binaryData ?? {};
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, m));
    if (Object.prototype.hasOwnProperty.call(binary, k))
      errs.push(invalid(`data[${k}]`, k, "duplicate of key present in binaryData"));
    total += Buffer.byteLength(v, "utf8");
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`binaryData[${k}]`, k, m));
    total += Buffer.from(v, "base64").length;
  }
  // The error refers to the whole object, hence the empty path.
  if (total > maxSecretSize) errs.push(tooLong("", "", maxSecretSize));
  return errs;
}

/** ValidateConfigMapUpdate: once immutable, data, binaryData and the flag itself stay. */
export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable) {
    const msg = "field is immutable when `immutable` is set";
    if (!cm.immutable) errs.push(forbidden("immutable", msg));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbidden("data", msg));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbidden("binaryData", msg));
  }
  return [...errs, ...validateConfigMap(cm)];
}

export const configMaps: ResourceType<ConfigMap> = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  schema: ConfigMap,
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
  printerColumns: [
    nameColumn,
    {
      name: "Data",
      type: "string",
      priority: 0,
      description: "Data contains the configuration data.",
      cell: (cm: ConfigMap) => Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    },
    ageColumn,
  ],
};
