// POST: create an object (upstream's createHandler): negotiate, read, decode, default, wipe the
// system fields, record the field manager, then the registry admits, validates and stores.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest } from "../errors.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import { respondObject } from "./respond.js";
import { recordManagedFields } from "./fieldmanager.js";
import type { RequestScope } from "./scope.js";

/** Fields a client may not set on create (rest.WipeObjectMetaSystemFields). */
export function wipeSystemFields(obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown> | undefined;
  if (!m) return;
  delete m.creationTimestamp;
  delete m.uid;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
}

/** rest.EnsureObjectNamespaceMatchesRequestNamespace with ExpectedNamespaceForResource. */
export function ensureRequestNamespace(s: RequestScope, obj: KubeObject): void {
  const meta = obj.metadata as { namespace?: string };
  const expected = s.resource.namespaced ? s.info.namespace : "";
  const objNs = meta.namespace ?? "";
  if (objNs === expected) return;
  if (objNs === "") meta.namespace = expected;
  else if (expected === "") delete meta.namespace;
  else
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  if (meta.namespace === "") delete meta.namespace;
}

export async function createResource(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "CreateOptions", s.req.headers["user-agent"]);
  const obj = decodeBody(s, body, format, opts.fieldValidation);
  (obj as { metadata?: object }).metadata ??= {};
  s.resource.rt.defaults?.(obj);
  wipeSystemFields(obj);
  ensureRequestNamespace(s, obj);
  const toStore = recordManagedFields(s.resource, undefined, obj, opts.fieldManager, "");
  const created = await s.registry.create(s.namespace, toStore, {
    user: s.user,
    dryRun: opts.dryRun,
    fieldManager: opts.fieldManager,
    subresource: "",
    warnings: s.warnings,
  });
  respondObject(s, 201, created);
}
