// Secret: the kind and its `secrets` resource (stringData conversion, SetDefaults_Secret, ValidateSecret, columns).
import { Type, type Static } from "@sinclair/typebox";
import { Struct } from "./struct.js";
import { Field, Bytes, StringMap } from "../../schema.js";
import { ObjectMeta, type KubeObject, TypeMetaFields } from "../../meta/v1/types.js";
import type { ResourceType } from "../../registry.js";
import { type FieldError, invalid, required, forbidden, tooLong } from "../../validation/field.js";
import { isConfigMapKey, maxSecretSize } from "./configmap.js";
import { nameColumn, ageColumn } from "./columns.js";
import { semanticEqual } from "../../validation/fieldrules.js";

export const Secret = Struct(
  {
    ...TypeMetaFields,
    metadata: Field(
      ObjectMeta,
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
    ),
    immutable: Type.Boolean({
      "x-proto-pointer": true,
      description:
        "Immutable, if set to true, ensures that data stored in the Secret cannot be updated (only object metadata can be modified).",
    }),
    data: Type.Record(Type.String(), Bytes(), { description: "Data contains the secret data." }),
    stringData: StringMap({
      description: "stringData allows specifying non-binary secret data in string form.",
    }),
    type: Type.String({ description: "Used to facilitate programmatic handling of secret data." }),
  },
  {
    $id: "io.k8s.api.core.v1.Secret",
    description: "Secret holds secret data of a certain type.",
    "x-proto": { metadata: 1, immutable: 5, data: 2, stringData: 4, type: 3 },
  },
);
export type Secret = Static<typeof Secret> & KubeObject;

/** Secret types upstream validates specially, and the keys they require. */
export const secretTypeOpaque = "Opaque";
export const secretTypeServiceAccountToken = "kubernetes.io/service-account-token";
export const secretTypeDockercfg = "kubernetes.io/dockercfg";
export const secretTypeDockerConfigJSON = "kubernetes.io/dockerconfigjson";
export const secretTypeBasicAuth = "kubernetes.io/basic-auth";
export const secretTypeSSHAuth = "kubernetes.io/ssh-auth";
export const secretTypeTLS = "kubernetes.io/tls";
export const serviceAccountNameKey = "kubernetes.io/service-account.name";

const decodedLength = (b64: string) => Buffer.from(b64, "base64").length;

/**
 * The v1 → internal conversion: stringData entries overwrite data (base64-encoded as the wire wants)
 * and stringData itself is never stored. Runs on every write.
 */
export function mergeStringData(secret: Secret): void {
  const sd = secret.stringData;
  if (sd && Object.keys(sd).length > 0) {
    secret.data = { ...(secret.data ?? {}) };
    for (const [k, v] of Object.entries(sd)) secret.data[k] = Buffer.from(v, "utf8").toString("base64");
  }
  delete secret.stringData;
}

/** Upstream's PrepareForCreate for secrets, plus the stringData conversion every write goes through. */
export function prepareSecretForCreate(secret: Secret): void {
  mergeStringData(secret);
}

/** Upstream's PrepareForUpdate for secrets, plus the stringData conversion. */
export function prepareSecretForUpdate(secret: Secret): void {
  mergeStringData(secret);
}

/**
 * Go's json.Unmarshal into map[string]interface{} error text, for dockercfg contents
 * (syntax errors approximated: Go names the exact offending character and context).
 */
function jsonObjectError(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const trimmed = text.trim();
    const msg = e instanceof Error ? e.message : "";
    if (trimmed === "" || /end of JSON input/i.test(msg)) return "unexpected end of JSON input";
    const pos = /position (\d+)/.exec(msg);
    const ch = pos ? text[Number(pos[1])] : trimmed[0];
    return `invalid character '${ch}' looking for beginning of value`;
  }
  if (value === null || (typeof value === "object" && !Array.isArray(value))) return undefined;
  const kind = Array.isArray(value) ? "array" : typeof value === "boolean" ? "bool" : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** ValidateSecret (metadata is checked by the API server). */
export function validateSecret(secret: Secret): FieldError[] {
  const errs: FieldError[] = [];
  const data = secret.data ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, m));
    total += decodedLength(v);
  }
  if (total > maxSecretSize) errs.push(tooLong("data", "", maxSecretSize));
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const jsonKey = (key: string) => {
    if (!has(key)) return errs.push(required(`data[${key}]`));
    const err = jsonObjectError(Buffer.from(data[key], "base64").toString("utf8"));
    if (err) errs.push(invalid(`data[${key}]`, "<secret contents redacted>", err));
  };
  switch (secret.type) {
    case secretTypeServiceAccountToken:
      // The token controller fills in the rest; only the account name is required up front.
      if (!secret.metadata.annotations?.[serviceAccountNameKey])
        errs.push(required(`metadata.annotations[${serviceAccountNameKey}]`));
      break;
    case secretTypeDockercfg:
      jsonKey(".dockercfg");
      break;
    case secretTypeDockerConfigJSON:
      jsonKey(".dockerconfigjson");
      break;
    case secretTypeBasicAuth:
      // Either may be empty, but one of the fields must be present.
      if (!has("username") && !has("password"))
        errs.push(required("data[username]"), required("data[password]"));
      break;
    case secretTypeSSHAuth:
      if (!has("ssh-privatekey") || decodedLength(data["ssh-privatekey"]) === 0)
        errs.push(required("data[ssh-privatekey]"));
      break;
    case secretTypeTLS:
      if (!has("tls.crt")) errs.push(required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(required("data[tls.key]"));
      break;
  }
  return errs;
}

/** ValidateSecretUpdate: type is immutable; an immutable secret keeps its data. */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs: FieldError[] = [];
  if ((secret.type ?? "") !== (old.type ?? ""))
    errs.push(invalid("type", secret.type ?? "", "field is immutable"));
  if (old.immutable) {
    if (!secret.immutable) errs.push(forbidden("immutable", "field is immutable when `immutable` is set"));
    if (!semanticEqual(secret.data, old.data))
      errs.push(forbidden("data", "field is immutable when `immutable` is set"));
  }
  return [...errs, ...validateSecret(secret)];
}

export const secrets: ResourceType<Secret> = {
  group: "",
  version: "v1",
  kind: "Secret",
  plural: "secrets",
  singular: "secret",
  namespaced: true,
  schema: Secret,
  defaults: (secret) => {
    // stringData is folded into data when the request is decoded, before defaulting.
    mergeStringData(secret);
    if (!secret.type) secret.type = secretTypeOpaque;
  },
  prepareForCreate: prepareSecretForCreate,
  prepareForUpdate: (secret) => prepareSecretForUpdate(secret),
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
  fieldSelectors: { type: (s) => s.type ?? "" },
  printerColumns: [
    nameColumn,
    {
      name: "Type",
      type: "string",
      priority: 0,
      description: "Used to facilitate programmatic handling of secret data.",
      cell: (s: Secret) => s.type ?? "",
    },
    {
      name: "Data",
      type: "string",
      priority: 0,
      description: "Data contains the secret data.",
      cell: (s: Secret) => Object.keys(s.data ?? {}).length,
    },
    ageColumn,
  ],
};
