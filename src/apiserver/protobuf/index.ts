// Request bodies in application/vnd.kubernetes.protobuf (kubectl 1.32+ typed-client writes):
// envelope → kind's schema → JSON object, generically from the TypeBox schemas.
import type { TSchema } from "@sinclair/typebox";
import { readEnvelope, writeEnvelope } from "./envelope.js";
import { decodeMessage } from "./decode.js";
import { encodeMessage } from "./encode.js";
import { decodeError, WireError, type ProtobufDecodeError } from "./errors.js";

export const protobufMediaType = "application/vnd.kubernetes.protobuf";
export type { ProtobufDecodeError } from "./errors.js";
export { hasProtobufPrefix } from "./envelope.js";

/** The schema of a kind as named by the envelope's TypeMeta; undefined if the kind is not served. */
export type SchemaLookup = (apiVersion: string, kind: string) => TSchema | undefined;

export type ProtobufDecodeResult =
  | { ok: true; apiVersion: string; kind: string; object: Record<string, unknown> }
  | { ok: false; error: ProtobufDecodeError };

/**
 * Decodes a "k8s\x00"-prefixed body into the JSON object kubectl would have sent, with `apiVersion`
 * and `kind` from the envelope. Failures (wrong prefix, truncated or malformed message, a kind the
 * lookup does not know) are values carrying the message the API server puts in its 400 Status.
 */
export function decodeKubeProtobuf(body: Uint8Array, lookup: SchemaLookup): ProtobufDecodeResult {
  try {
    const { apiVersion, kind, object } = decodeObject(body, lookup);
    return { ok: true, apiVersion, kind, object };
  } catch (e) {
    return { ok: false, error: decodeError(e) };
  }
}

function decodeObject(body: Uint8Array, lookup: SchemaLookup) {
  const env = readEnvelope(body);
  const schema = lookup(env.apiVersion, env.kind);
  if (!schema) {
    // Upstream's runtime.notRegisteredErr from the API server's scheme.
    throw new WireError(
      `no kind "${env.kind}" is registered for version "${env.apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  const fields = decodeMessage(env.raw, schema, {
    nested: (raw) => decodeObject(raw, lookup).object,
  });
  const object: Record<string, unknown> = { apiVersion: env.apiVersion, kind: env.kind, ...fields };
  return { apiVersion: env.apiVersion, kind: env.kind, object };
}

/** Writes `obj` (which must carry apiVersion and kind) as a protobuf body with the envelope. */
export function encodeKubeProtobuf(obj: Record<string, unknown>, schema: TSchema): Uint8Array {
  return writeEnvelope(String(obj.apiVersion ?? ""), String(obj.kind ?? ""), encodeMessage(obj, schema));
}
