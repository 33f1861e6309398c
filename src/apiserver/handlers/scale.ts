// The scale subresource (autoscaling/v1 Scale) of resources that declare one: GET, PUT and PATCH read or
// set the replicas at ResourceType.scale's paths (upstream's deployment/replicaset/statefulset ScaleREST).
import type { KubeObject } from "../../api/meta/v1/types.js";
import { labelSelectorAsSelector } from "../../api/labels/selector.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest, conflict, invalid, optimisticLockErrorMsg, unsupportedMediaType } from "../errors.js";
import { deepCopy } from "../storage/codec.js";
import type { DecodeTarget } from "../decode/object.js";
import { applyJSONPatch } from "../patch/jsonpatch.js";
import { applyMergePatch } from "../patch/mergepatch.js";
import { applyStrategicMergePatch } from "../patch/strategic.js";
import type { JSONObject } from "../patch/status.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import { updateManagedFields } from "../patch/apply/fieldmanager.js";
import { scaleToParent, scaleToSubresource, type ResourcePathMappings } from "../patch/apply/scale.js";
import {
  failureToStatusError,
  jsonPatchType,
  mergePatchType,
  parsePatchBody,
  strategicMergePatchType,
} from "./patch.js";
import type { RequestScope } from "./scope.js";
import { writeJSONText } from "../response/write.js";

/** Reads a ".a.b" path. */
function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split(".").filter(Boolean)) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const segs = path.split(".").filter(Boolean);
  let cur = obj;
  for (const seg of segs.slice(0, -1)) {
    const next = cur[seg];
    if (next === null || typeof next !== "object" || Array.isArray(next)) cur[seg] = {};
    cur = cur[seg] as Record<string, unknown>;
  }
  cur[segs[segs.length - 1]] = value;
}

/** The Scale of an object. */
export function scaleOf(s: RequestScope, obj: KubeObject): Record<string, unknown> {
  const sc = s.resource.rt.scale!;
  const m = obj.metadata as Record<string, unknown>;
  const meta: Record<string, unknown> = { name: m.name };
  if (m.namespace) meta.namespace = m.namespace;
  if (m.uid) meta.uid = m.uid;
  if (m.resourceVersion) meta.resourceVersion = m.resourceVersion;
  meta.creationTimestamp = m.creationTimestamp ?? null;
  const specReplicas = getPath(obj, sc.specReplicasPath);
  const spec: Record<string, unknown> = {};
  if (typeof specReplicas === "number" && specReplicas !== 0) spec.replicas = specReplicas;
  const statusReplicas = getPath(obj, sc.statusReplicasPath);
  const status: Record<string, unknown> = {
    replicas: typeof statusReplicas === "number" ? statusReplicas : 0,
  };
  if (sc.labelSelectorPath) {
    const sel = getPath(obj, sc.labelSelectorPath);
    if (typeof sel === "string") {
      if (sel) status.selector = sel;
    } else if (sel && typeof sel === "object") {
      const r = labelSelectorAsSelector(sel);
      if (r.ok && r.selector.toString()) status.selector = r.selector.toString();
    }
  }
  return { kind: "Scale", apiVersion: "autoscaling/v1", metadata: meta, spec, status };
}

function respondScale(s: RequestScope, code: number, obj: KubeObject): void {
  writeJSONText(s.res, code, JSON.stringify(scaleOf(s, obj)), s.out!, s.warnings);
}

function scaleTarget(s: RequestScope): DecodeTarget {
  return {
    group: "autoscaling",
    version: "v1",
    kind: "Scale",
    node: s.services.scaleNode!,
    isRegistered: s.services.isRegistered,
  };
}

function validate(s: RequestScope, scale: Record<string, unknown>): void {
  const errs = s.services.validateScale?.(scale) ?? [];
  const name = (scale.metadata as { name?: string } | undefined)?.name ?? "";
  if (errs.length) throw invalid({ group: "autoscaling", kind: "Scale" }, name, errs);
}

/** Where the parent keeps replicas, per API version (for the /scale managed fields mapping). */
function replicasMappings(s: RequestScope): ResourcePathMappings {
  return { [s.resource.apiVersion]: s.resource.rt.scale!.specReplicasPath.split(".").filter(Boolean) };
}

/**
 * Stores `scale`'s replicas into the object (upstream's scaleUpdatedObjectInfo), with managed fields as
 * upstream's ScaleHandler keeps them: the field manager runs on the Scale, and its owner of spec.replicas
 * becomes the owner of the parent's replicas field.
 */
async function updateFromScale(
  s: RequestScope,
  scaleFor: (current: KubeObject, liveScale: Record<string, unknown>) => Record<string, unknown>,
  opts: { dryRun: boolean; fieldManager: string },
): Promise<KubeObject> {
  const sc = s.resource.rt.scale!;
  const mappings = replicasMappings(s);
  const r = await s.registry.update(
    s.namespace,
    s.name,
    {
      updatedObject: (current) => {
        if (!current) throw s.registry.notFound(s.name);
        const liveScale = scaleOf(s, current);
        const liveEntries = scaleToSubresource(current.metadata.managedFields, mappings);
        if (liveEntries) (liveScale.metadata as Record<string, unknown>).managedFields = liveEntries;
        const scale = scaleFor(current, liveScale);
        validate(s, scale);
        const rv = (scale.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        if (rv && rv !== (current.metadata as { resourceVersion?: string }).resourceVersion)
          throw conflict(s.resource.gr, s.name, optimisticLockErrorMsg);
        const recorded = updateManagedFields(liveScale, scale, {
          manager: opts.fieldManager,
          apiVersion: "autoscaling/v1",
          kind: "Scale",
          schema: s.services.scaleSchema as JSONObject,
          now: new Date(),
          subresource: "scale",
        });
        const next = deepCopy(current);
        setPath(next, sc.specReplicasPath, (scale.spec as { replicas?: number } | undefined)?.replicas ?? 0);
        const entries = scaleToParent(
          current.metadata.managedFields,
          (recorded.metadata as { managedFields?: unknown } | undefined)?.managedFields,
          s.resource.apiVersion,
          mappings,
        );
        const meta = next.metadata as { managedFields?: unknown };
        if (entries) meta.managedFields = entries;
        else delete meta.managedFields;
        return next;
      },
    },
    {
      user: s.user,
      dryRun: opts.dryRun,
      fieldManager: opts.fieldManager,
      subresource: "scale",
      warnings: s.warnings,
    },
  );
  return r.object.obj;
}

export async function getScale(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const o = await s.registry.get(s.namespace, s.name);
  respondScale(s, 200, o.obj);
}

export async function updateScale(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "UpdateOptions", s.req.headers["user-agent"]);
  const scale = decodeBody(s, body, format, opts.fieldValidation, scaleTarget(s));
  const name = (scale.metadata as { name?: string } | undefined)?.name ?? "";
  if (name !== s.name)
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${s.name})`);
  const updated = await updateFromScale(s, () => scale, opts);
  respondScale(s, 200, updated);
}

export async function patchScale(s: RequestScope): Promise<void> {
  const header = s.req.headers["content-type"] ?? "";
  const idx = header.indexOf(";");
  const type = idx > 0 ? header.slice(0, idx) : header;
  const types = [jsonPatchType, mergePatchType, strategicMergePatchType];
  if (!types.includes(type)) throw unsupportedMediaType([...types, "application/apply-patch+yaml"]);
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "PatchOptions", s.req.headers["user-agent"], type);
  const parsed = parsePatchBody(type, body, opts.fieldValidation);
  const updated = await updateFromScale(
    s,
    (_current, liveScale) => {
      const scale = liveScale as JSONObject;
      const r =
        type === jsonPatchType
          ? applyJSONPatch(scale, parsed.patch, opts.fieldValidation)
          : type === mergePatchType
            ? applyMergePatch(scale, parsed.patch, opts.fieldValidation)
            : applyStrategicMergePatch(scale, parsed.patch, s.services.scaleSchema as JSONObject);
      if (!r.ok) throw failureToStatusError(r);
      const spec = r.object.spec as { replicas?: unknown } | undefined;
      if (
        spec?.replicas !== undefined &&
        (typeof spec.replicas !== "number" || !Number.isInteger(spec.replicas))
      )
        throw badRequest(
          `json: cannot unmarshal ${typeof spec.replicas} into Go struct field ScaleSpec.spec.replicas of type int32`,
        );
      return r.object;
    },
    opts,
  );
  respondScale(s, 200, updated);
}
