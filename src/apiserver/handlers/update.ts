// PUT: replace an object (upstream's UpdateResource), or its status through /status (only status
// changes) — optimistic concurrency on metadata.resourceVersion, create-on-update where allowed.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest } from "../errors.js";
import { deepCopy } from "../storage/codec.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import { respondObject } from "./respond.js";
import { recordManagedFields } from "./fieldmanager.js";
import type { RequestScope } from "./scope.js";

/** upstream checkName: the body names the object of the URL. */
export function checkName(s: RequestScope, obj: KubeObject): void {
  const m = obj.metadata as { name?: string; namespace?: string };
  const objName = m.name ?? "";
  if (objName !== s.name)
    throw badRequest(`the name of the object (${objName}) does not match the name on the URL (${s.name})`);
  const ns = s.info.namespace;
  if (ns && m.namespace && m.namespace !== ns && s.resource.namespaced)
    throw badRequest(
      `the namespace of the object (${m.namespace}) does not match the namespace on the request (${ns})`,
    );
}

/** Metadata the server owns: a status write cannot change it. */
const systemMetadata = [
  "name",
  "namespace",
  "uid",
  "creationTimestamp",
  "generation",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "selfLink",
];

/**
 * A write to /status, as upstream's status strategies do it: everything but metadata and status comes from the
 * stored object (PrepareForUpdate resets spec), metadata edits such as annotations are kept (the deployment
 * controller records its revision annotation this way), except what the server owns and the per-kind resets
 * (Deployment labels; Pod ownerReferences).
 */
export function statusUpdate(current: KubeObject, requested: KubeObject): KubeObject {
  const out = deepCopy(current);
  if (requested.status === undefined) delete out.status;
  else out.status = requested.status;
  const rm = (requested.metadata ?? {}) as Record<string, unknown>;
  const om = out.metadata as Record<string, unknown>;
  for (const [k, v] of Object.entries(rm)) if (!systemMetadata.includes(k)) om[k] = v;
  for (const k of ["labels", "annotations", "finalizers", "ownerReferences"]) if (!(k in rm)) delete om[k];
  const kind = current.kind;
  if (kind === "Deployment") om.labels = current.metadata.labels;
  if (kind === "Pod") om.ownerReferences = current.metadata.ownerReferences;
  for (const k of Object.keys(om)) if (om[k] === undefined) delete om[k];
  if (rm.managedFields === undefined) om.managedFields = current.metadata.managedFields;
  return out;
}

export async function updateResource(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "UpdateOptions", s.req.headers["user-agent"]);
  const obj = decodeBody(s, body, format, opts.fieldValidation);
  (obj as { metadata?: object }).metadata ??= {};
  checkName(s, obj);
  s.resource.rt.defaults?.(obj);
  const sub = s.subresource;
  const uid = (obj.metadata as { uid?: string }).uid;
  const r = await s.registry.update(
    s.namespace,
    s.name,
    {
      preconditions: uid ? { uid } : undefined,
      updatedObject: (current) => {
        if (sub === "status" || sub === "approval") {
          if (!current) throw s.registry.notFound(s.name);
          const next = statusUpdate(current, obj);
          return recordManagedFields(s.resource, current, next, opts.fieldManager, "status");
        }
        const next = deepCopy(obj);
        return recordManagedFields(s.resource, current, next, opts.fieldManager, "");
      },
    },
    {
      user: s.user,
      dryRun: opts.dryRun,
      fieldManager: opts.fieldManager,
      subresource: sub,
      warnings: s.warnings,
    },
  );
  respondObject(s, r.created ? 201 : 200, r.object);
}
