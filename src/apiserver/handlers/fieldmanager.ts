// metadata.managedFields on every write, through the patch package's field manager.
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ResourceInfo } from "../registry/resource.js";
import { updateManagedFields, applyPatch, type ApplyResult } from "../patch/apply/fieldmanager.js";
import type { JSONObject } from "../patch/status.js";

/** Fields whose ownership a write through this (sub)resource does not track (upstream GetResetFields). */
export function resetFields(info: ResourceInfo, subresource: string): string[][] | undefined {
  if (!info.rt.status) return undefined;
  if (subresource === "status") return [["spec"]];
  if (subresource === "") return [["status"]];
  return undefined;
}

/** The object to store after a non-apply write by `manager` (FieldManager.UpdateNoErrors). */
export function recordManagedFields(
  info: ResourceInfo,
  live: KubeObject | undefined,
  obj: KubeObject,
  manager: string,
  subresource: string,
  kind = info.kind,
  schema: unknown = info.rt.schema,
): KubeObject {
  return updateManagedFields(live, obj, {
    manager,
    apiVersion: info.apiVersion,
    kind,
    schema: schema as JSONObject,
    now: new Date(),
    subresource,
    resetFields: resetFields(info, subresource),
  }) as KubeObject;
}

/** Server-side apply of `applied` by `manager` onto `live` (undefined: apply creates). */
export function serverSideApply(
  info: ResourceInfo,
  live: KubeObject | undefined,
  applied: JSONObject,
  manager: string,
  force: boolean,
  subresource: string,
): ApplyResult {
  return applyPatch(live, applied, {
    manager,
    apiVersion: info.apiVersion,
    kind: info.kind,
    schema: info.rt.schema,
    now: new Date(),
    subresource,
    resetFields: resetFields(info, subresource),
    force,
  });
}
