// The OpenAPI documents of the served resources: the v3 discovery root (/openapi/v3), one v3 document
// per group/version (/openapi/v3/<api/v1 | apis/g/v>), the Swagger 2.0 document (/openapi/v2) in JSON
// and gnostic protobuf. Each is built on first use and kept as bytes with its hash (upstream's ETag:
// the upper-case hex SHA-512 of the JSON bytes).
import { createHash } from "node:crypto";
import type { TSchema } from "@sinclair/typebox";
import type { ResourceType } from "../../api/registry.js";
import { listSchema, metaTypes } from "./operations.js";
import { TypeIndex } from "./schemas.js";
import { buildV3Document } from "./v3.js";
import { buildV2Document } from "./v2.js";
import { encodeGnostic } from "./gnostic.js";
import { gvPath } from "./names.js";

export { gnosticContentType } from "./gnostic.js";
export { gvPath } from "./names.js";

export interface OpenApiOptions {
  /** Reported as info.version ("v1.32.0"). */
  version: string;
  /** autoscaling/v1 Scale: needed for the /scale paths of resources with a scale subresource. */
  scale?: TSchema;
}

export interface OpenApiBytes {
  json: Buffer;
  /** Upper-case hex SHA-512 of `json`. */
  hash: string;
}

export interface OpenApi {
  /** {"paths": {"api/v1": {"serverRelativeURL": "/openapi/v3/api/v1?hash=…"}, …}} */
  v3Root(): OpenApiBytes;
  /** The group/versions served, as keys of the v3 root ("api/v1", "apis/apps/v1"). */
  v3Paths(): string[];
  /** The document of one group/version; undefined if none is served there. */
  v3Doc(gvPath: string): OpenApiBytes | undefined;
  v2Json(): OpenApiBytes;
  /** The v2 document as a gnostic openapi.v2.Document (same ETag as the JSON, as upstream). */
  v2Protobuf(): Uint8Array;
}

export function openApiHash(bytes: Uint8Array): string {
  return createHash("sha512").update(bytes).digest("hex").toUpperCase();
}

function bytesOf(doc: unknown): OpenApiBytes {
  const json = Buffer.from(JSON.stringify(doc));
  return { json, hash: openApiHash(json) };
}

export function buildOpenApi(resources: ResourceType[], opts: OpenApiOptions): OpenApi {
  const byGv = new Map<string, ResourceType[]>();
  for (const r of resources) {
    const key = gvPath(r);
    const list = byGv.get(key) ?? [];
    list.push(r);
    byGv.set(key, list);
  }
  const roots: TSchema[] = [...metaTypes];
  if (opts.scale) roots.push(opts.scale);
  for (const r of resources) roots.push(r.schema, listSchema(r));
  let index: TypeIndex | undefined;
  const types = () => (index ??= new TypeIndex(roots));

  const v3Docs = new Map<string, OpenApiBytes>();
  let v3Root: OpenApiBytes | undefined;
  let v2: OpenApiBytes | undefined;
  let v2pb: Uint8Array | undefined;
  const gvPaths = [...byGv.keys()].sort();

  const v3Doc = (path: string): OpenApiBytes | undefined => {
    const cached = v3Docs.get(path);
    if (cached) return cached;
    const rs = byGv.get(path);
    if (!rs) return undefined;
    const doc = bytesOf(buildV3Document(rs, types(), opts));
    v3Docs.set(path, doc);
    return doc;
  };
  const v2Doc = () => (v2 ??= bytesOf(buildV2Document(resources, types(), opts)));

  return {
    v3Paths: () => [...gvPaths],
    v3Doc,
    v3Root: () =>
      (v3Root ??= bytesOf({
        paths: Object.fromEntries(
          gvPaths.map((p) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${v3Doc(p)!.hash}` }]),
        ),
      })),
    v2Json: v2Doc,
    v2Protobuf: () => (v2pb ??= encodeGnostic(JSON.parse(v2Doc().json.toString("utf8")))),
  };
}
