// --encryption-provider-config: an apiserver.config.k8s.io/v1 EncryptionConfiguration (YAML or JSON). Each
// entry names resources ("secrets", "deployments.apps", "*.apps", "*.*") and an ordered provider list:
// the first provider encrypts every write, all of them are tried on reads (upstream's prefix transformer).
import YAML from "yaml";
import { aesCbc, aesGcm, identity, secretbox, type Transformer } from "./providers.js";

type Json = Record<string, any>;

export interface ResourceEncryption {
  /** "secrets", "deployments.apps", "*.apps", "*.*" as in the file. */
  resources: string[];
  /** In the file's order: [0] writes. */
  transformers: Transformer[];
}

export interface EncryptionConfig {
  entries: ResourceEncryption[];
}

const aesGcmKeySizes = [16, 24, 32];
const aesCbcKeySizes = [32];
const secretboxKeySizes = [32];

function keysOf(
  provider: string,
  cfg: Json | undefined,
  sizes: number[],
  path: string,
  make: (name: string, secret: Buffer) => Transformer,
): Transformer[] {
  const keys = cfg?.keys as Json[] | undefined;
  if (!Array.isArray(keys) || !keys.length) throw new Error(`${path}.${provider}.keys: Required value`);
  const seen = new Set<string>();
  return keys.map((k, i) => {
    const p = `${path}.${provider}.keys[${i}]`;
    const name = k?.name as unknown;
    if (typeof name !== "string" || !name) throw new Error(`${p}.name: Required value`);
    if (name.includes(":")) throw new Error(`${p}.name: Invalid value: "${name}": should not contain ":"`);
    if (seen.has(name)) throw new Error(`${p}.name: Duplicate value: "${name}"`);
    seen.add(name);
    const secret = k?.secret as unknown;
    if (typeof secret !== "string" || !secret) throw new Error(`${p}.secret: Required value`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(secret))
      throw new Error(`${p}.secret: Invalid value: "REDACTED": secret is not a valid base64 encoded string`);
    const bytes = Buffer.from(secret, "base64");
    if (!sizes.includes(bytes.length))
      throw new Error(
        `${p}.secret: Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, expected one of [${sizes.join(" ")}]`,
      );
    return make(name, bytes);
  });
}

/** Parses and validates the file's text; throws with the field path on the first error, as upstream refuses to start. */
export function parseEncryptionConfig(text: string): EncryptionConfig {
  const doc = YAML.parse(text) as Json | null;
  if (!doc || typeof doc !== "object") throw new Error("encryption provider config: not an object");
  if (doc.kind !== "EncryptionConfiguration" || doc.apiVersion !== "apiserver.config.k8s.io/v1")
    throw new Error(
      `encryption provider config: kind must be EncryptionConfiguration in apiserver.config.k8s.io/v1, got ${String(doc.kind)} ${String(doc.apiVersion)}`,
    );
  const resources = doc.resources as Json[] | undefined;
  if (!Array.isArray(resources) || !resources.length) throw new Error("resources: Required value");
  const entries = resources.map((r, i): ResourceEncryption => {
    const path = `resources[${i}]`;
    const names = r?.resources as unknown;
    if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== "string" || !n))
      throw new Error(`${path}.resources: Required value`);
    const providers = r.providers as Json[] | undefined;
    if (!Array.isArray(providers) || !providers.length) throw new Error(`${path}.providers: Required value`);
    const transformers = providers.flatMap((p, j): Transformer[] => {
      const pp = `${path}.providers[${j}]`;
      const kinds = Object.keys(p ?? {});
      if (kinds.length !== 1)
        throw new Error(
          `${pp}: Invalid value: ${kinds.length ? "more than one provider specified in a single element, should split into different list elements" : "provider does not contain any of the expected providers: KMS, secretbox, AESGCM, AESCBC, Identity"}`,
        );
      switch (kinds[0]) {
        case "identity":
          return [identity];
        case "aescbc":
          return keysOf("aescbc", p.aescbc as Json, aesCbcKeySizes, pp, aesCbc);
        case "aesgcm":
          return keysOf("aesgcm", p.aesgcm as Json, aesGcmKeySizes, pp, aesGcm);
        case "secretbox":
          return keysOf("secretbox", p.secretbox as Json, secretboxKeySizes, pp, secretbox);
        case "kms":
          throw new Error(`${pp}.kms: Unsupported value: k8ts does not implement KMS providers`);
        default:
          throw new Error(`${pp}: Invalid value: unknown provider ${JSON.stringify(kinds[0])}`);
      }
    });
    return { resources: names as string[], transformers };
  });
  return { entries };
}

/**
 * The transformers for one group/resource: the first entry that names it exactly, else "*.<group>", else
 * "*.*" (upstream resolves exact names before wildcards). Undefined: stored as is.
 */
export function transformersFor(
  cfg: EncryptionConfig,
  group: string,
  resource: string,
): Transformer[] | undefined {
  const exact = group ? `${resource}.${group}` : resource;
  const groupWildcard = `*.${group}`;
  for (const pattern of [exact, groupWildcard, "*.*"])
    for (const e of cfg.entries) if (e.resources.includes(pattern)) return e.transformers;
  return undefined;
}
