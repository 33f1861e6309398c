// Writing a handler's result in the negotiated form: the object, a Table, or PartialObjectMetadata(List)
// (upstream's transformResponseObject).
import { notAcceptableMessage, type Status } from "../errors.js";
import { writeJSONText, writeValue } from "../response/write.js";
import { partialObjectMetadataJSON, tableJSON } from "../response/table.js";
import type { ListResult } from "../registry/generic.js";
import type { CachedObject } from "../watchcache/object.js";
import { tableOptions } from "./options.js";
import type { RequestScope } from "./scope.js";

const goType = (s: RequestScope, list: boolean) =>
  `*${s.resource.version}.${s.resource.kind}${list ? "List" : ""}`;

export function respondObject(s: RequestScope, code: number, o: CachedObject): void {
  const out = s.out!;
  switch (out.convert) {
    case "Table": {
      const json = tableJSON(
        s.resource,
        [o],
        o.obj.metadata?.resourceVersion ? { resourceVersion: o.obj.metadata.resourceVersion } : {},
        { includeObject: tableOptions(s.query), noHeaders: false, version: out.convertVersion! },
      );
      return writeJSONText(s.res, code, json, out, s.warnings);
    }
    case "PartialObjectMetadata":
      return writeJSONText(s.res, code, partialObjectMetadataJSON(o, out.convertVersion!), out, s.warnings);
    case "PartialObjectMetadataList":
      throw notAcceptableMessage(
        `you requested PartialObjectMetadataList, but the requested object is not a list (${goType(s, false)})`,
      );
    default:
      return writeJSONText(s.res, code, o.json, out, s.warnings);
  }
}

function listMeta(r: ListResult): {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
} {
  const m: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: r.resourceVersion,
  };
  if (r.continue) m.continue = r.continue;
  if (r.remainingItemCount !== undefined) m.remainingItemCount = r.remainingItemCount;
  return m;
}

export function respondList(s: RequestScope, r: ListResult): void {
  const out = s.out!;
  const info = s.resource;
  const meta = JSON.stringify(listMeta(r));
  switch (out.convert) {
    case "Table": {
      const json = tableJSON(info, r.items, listMeta(r), {
        includeObject: tableOptions(s.query),
        noHeaders: false,
        version: out.convertVersion!,
      });
      return writeJSONText(s.res, 200, json, out, s.warnings);
    }
    case "PartialObjectMetadataList": {
      const items = r.items.map((o) => partialObjectMetadataJSON(o, out.convertVersion!)).join(",");
      const json = `{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/${out.convertVersion}","metadata":${meta},"items":[${items}]}`;
      return writeJSONText(s.res, 200, json, out, s.warnings);
    }
    case "PartialObjectMetadata":
      throw notAcceptableMessage(
        `you requested PartialObjectMetadata, but the requested object is a list (${goType(s, true)})`,
      );
    default: {
      const json = `{"kind":${JSON.stringify(info.listKind)},"apiVersion":${JSON.stringify(info.apiVersion)},"metadata":${meta},"items":[${r.items.map((o) => o.json).join(",")}]}`;
      return writeJSONText(s.res, 200, json, out, s.warnings);
    }
  }
}

/** A Status result (e.g. a delete that finished at once). */
export function respondStatus(s: RequestScope, code: number, status: Status): void {
  writeValue(s.res, code, status, s.out!, s.warnings);
}
