// Decoding request bodies for a handler: Content-Type → JSON, YAML or protobuf → the endpoint's kind.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { badRequest } from "../errors.js";
import { decodeObject, type DecodeTarget, type FieldValidation } from "../decode/object.js";
import type { InputFormat } from "../request/negotiate.js";
import type { RequestScope } from "./scope.js";
import { normalizeQuantities } from "../../api/resource/quantity.js";
import type { ResourceInfo } from "../registry/resource.js";
import type { ServerServices } from "./scope.js";

const targets = new WeakMap<ResourceInfo, DecodeTarget>();

/** The decode target of a resource's own kind (built once per resource). */
export function resourceTarget(info: ResourceInfo, services: ServerServices): DecodeTarget {
  const cached = targets.get(info);
  if (cached) return cached;
  const t: DecodeTarget = {
    group: info.group,
    version: info.version,
    kind: info.kind,
    node: info.node,
    isRegistered: services.isRegistered,
    canonicalize: (obj) => normalizeQuantities(obj, info.rt.schema)?.error,
  };
  targets.set(info, t);
  return t;
}

/** The body as an object of `target` (default: the endpoint's kind); strict-decoding warnings go to the response. */
export function decodeBody(
  s: RequestScope,
  body: Buffer,
  format: InputFormat,
  fieldValidation: FieldValidation,
  target: DecodeTarget = resourceTarget(s.resource, s.services),
): KubeObject {
  let pre: unknown;
  if (format === "protobuf") {
    const r = s.services.decodeProtobuf(body);
    if (!r.ok) throw badRequest(r.message);
    pre = r.object;
  }
  const d = decodeObject(body, format === "protobuf" ? "json" : format, target, fieldValidation, pre);
  s.warnings.push(...d.warnings);
  return d.obj as KubeObject;
}
