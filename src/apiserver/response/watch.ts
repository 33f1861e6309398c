// Watch event encodings: one JSON line per event, the object as JSON, as a Table (column definitions only
// in a watcher's first event) or as PartialObjectMetadata.
import type { ResourceInfo } from "../registry/resource.js";
import type { Status } from "../errors.js";
import type { EventType, WatchEncoder } from "../watchcache/watcher.js";
import type { CachedObject } from "../watchcache/object.js";
import { partialObjectMetadataJSON, tableJSON, type IncludeObject } from "./table.js";

function bookmarkObject(
  kind: string,
  apiVersion: string,
  rv: number,
  annotations?: Record<string, string>,
): string {
  const meta: Record<string, unknown> = { resourceVersion: String(rv), creationTimestamp: null };
  if (annotations) meta.annotations = annotations;
  return `{"kind":${JSON.stringify(kind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(meta)}}`;
}

const errorLine = (status: Status) => `{"type":"ERROR","object":${JSON.stringify(status)}}\n`;

export function jsonWatchEncoder(info: ResourceInfo): WatchEncoder {
  return {
    id: `json:${info.apiVersion}`,
    headerOnFirst: false,
    event: (type: EventType, o: CachedObject) => `{"type":"${type}","object":${o.json}}\n`,
    bookmark: (rv, annotations) =>
      `{"type":"BOOKMARK","object":${bookmarkObject(info.kind, info.apiVersion, rv, annotations)}}\n`,
    error: errorLine,
  };
}

export function tableWatchEncoder(
  info: ResourceInfo,
  includeObject: IncludeObject,
  version: string,
): WatchEncoder {
  return {
    id: `table:${info.apiVersion}:${includeObject}:${version}`,
    headerOnFirst: true,
    event: (type, o, first) =>
      `{"type":"${type}","object":${tableJSON(
        info,
        [o],
        o.obj.metadata?.resourceVersion ? { resourceVersion: o.obj.metadata.resourceVersion } : {},
        { includeObject, noHeaders: !first, version },
      )}}\n`,
    bookmark: (rv, annotations) =>
      `{"type":"BOOKMARK","object":${bookmarkObject(info.kind, info.apiVersion, rv, annotations)}}\n`,
    error: errorLine,
  };
}

export function partialMetadataWatchEncoder(version: string): WatchEncoder {
  return {
    id: `pom:${version}`,
    headerOnFirst: false,
    event: (type, o) => `{"type":"${type}","object":${partialObjectMetadataJSON(o, version)}}\n`,
    bookmark: (rv, annotations) =>
      `{"type":"BOOKMARK","object":${bookmarkObject("PartialObjectMetadata", `meta.k8s.io/${version}`, rv, annotations)}}\n`,
    error: errorLine,
  };
}
