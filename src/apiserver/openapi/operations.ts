// The REST paths and operations upstream's API server publishes for a resource, independent of the
// OpenAPI version: collection and item paths (namespaced resources also across all namespaces), the
// status and scale subresources, the deprecated /watch/ paths, and the group-version root.
import { Type, type TSchema } from "@sinclair/typebox";
import { Struct } from "../../api/schema.js";
import { ListMeta, DeleteOptions, Status } from "../../api/meta/v1/types.js";
import { defaultVerbs, type ResourceType } from "../../api/registry.js";
import { APIResourceList, Patch, WatchEvent } from "./meta-types.js";
import { gvOperationWord, gvPrefix, gvTag } from "./names.js";
import type { GroupVersionKind } from "./schemas.js";
import * as P from "./parameters.js";

export type Action =
  "get" | "list" | "post" | "put" | "patch" | "delete" | "deletecollection" | "watch" | "watchlist";
export type Method = "get" | "put" | "post" | "delete" | "patch";

export interface Response {
  code: string;
  description: string;
  schema: TSchema;
}

export interface Operation {
  method: Method;
  /** x-kubernetes-action; absent on the group-version root. */
  action?: Action;
  operationId: string;
  description: string;
  parameters: P.Parameter[];
  body?: { schema: TSchema; required: boolean; patch?: boolean };
  responses: Response[];
  gvk?: GroupVersionKind;
  /** Lists and watches also produce the ;stream=watch media types. */
  stream?: boolean;
  tag: string;
}

export interface PathItem {
  path: string;
  parameters: P.Parameter[];
  operations: Operation[];
}

const listSchemas = new WeakMap<ResourceType, TSchema>();

/** The `<Kind>List` type of a resource ({apiVersion, items, kind, metadata}), one per resource. */
export function listSchema(r: ResourceType): TSchema {
  let s = listSchemas.get(r);
  if (s) return s;
  const listKind = r.listKind ?? `${r.kind}List`;
  const id = r.schema.$id ?? `io.k8s.api.${r.group || "core"}.${r.version}.${r.kind}`;
  s = Struct(
    {
      apiVersion: Type.String(),
      items: Type.Array(r.schema, { description: `items is the list of ${r.kind} objects.` }),
      kind: Type.String(),
      metadata: {
        ...ListMeta,
        description:
          "Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
      },
    },
    {
      $id: `${id.slice(0, id.lastIndexOf(".") + 1)}${listKind}`,
      required: ["items"],
      description: `${listKind} is a list of ${r.kind} objects.`,
      "x-proto": { metadata: 1, items: 2 },
    },
  );
  listSchemas.set(r, s);
  return s;
}

export function gvkOf(r: ResourceType): GroupVersionKind {
  return { group: r.group, version: r.version, kind: r.kind };
}

const ok = (schema: TSchema): Response => ({ code: "200", description: "OK", schema });
const created = (schema: TSchema): Response => ({ code: "201", description: "Created", schema });
const accepted = (schema: TSchema): Response => ({ code: "202", description: "Accepted", schema });

/** The paths of one resource; `scale` is the autoscaling/v1 Scale type for resources with a scale subresource. */
export function resourcePaths(r: ResourceType, scale?: TSchema): PathItem[] {
  const verbs = new Set(r.verbs ?? defaultVerbs);
  const gv = gvOperationWord(r);
  const ns = r.namespaced ? "Namespaced" : "";
  const K = r.kind;
  const tag = gvTag(r);
  const gvk = gvkOf(r);
  const list = listSchema(r);
  const base = gvPrefix(r);
  const collection = r.namespaced ? `${base}/namespaces/{namespace}/${r.plural}` : `${base}/${r.plural}`;
  const item = `${collection}/{name}`;
  const scope = r.namespaced ? [P.namespacePath] : [];
  const op = (o: Omit<Operation, "tag">): Operation => ({ ...o, tag });
  const paths: PathItem[] = [];

  const collectionOps: Operation[] = [];
  if (verbs.has("deletecollection")) {
    collectionOps.push(
      op({
        method: "delete",
        action: "deletecollection",
        operationId: `delete${gv}Collection${ns}${K}`,
        description: `delete collection of ${K}`,
        parameters: P.deleteCollectionParams,
        body: { schema: DeleteOptions, required: false },
        responses: [ok(Status)],
        gvk,
      }),
    );
  }
  if (verbs.has("list")) {
    collectionOps.push(
      op({
        method: "get",
        action: "list",
        operationId: `list${gv}${ns}${K}`,
        description: `list or watch objects of kind ${K}`,
        parameters: P.listParams,
        responses: [ok(list)],
        gvk,
        stream: true,
      }),
    );
  }
  if (verbs.has("create")) {
    collectionOps.push(
      op({
        method: "post",
        action: "post",
        operationId: `create${gv}${ns}${K}`,
        description: `create a ${K}`,
        parameters: P.createParams,
        body: { schema: r.schema, required: true },
        responses: [ok(r.schema), created(r.schema), accepted(r.schema)],
        gvk,
      }),
    );
  }
  if (collectionOps.length > 0)
    paths.push({ path: collection, parameters: [...scope, P.pretty], operations: collectionOps });

  const itemOps: Operation[] = [];
  if (verbs.has("delete")) {
    itemOps.push(
      op({
        method: "delete",
        action: "delete",
        operationId: `delete${gv}${ns}${K}`,
        description: `delete a ${K}`,
        parameters: P.deleteParams,
        body: { schema: DeleteOptions, required: false },
        responses: [ok(Status), accepted(Status)],
        gvk,
      }),
    );
  }
  if (verbs.has("get")) {
    itemOps.push(
      op({
        method: "get",
        action: "get",
        operationId: `read${gv}${ns}${K}`,
        description: `read the specified ${K}`,
        parameters: [],
        responses: [ok(r.schema)],
        gvk,
      }),
    );
  }
  if (verbs.has("patch"))
    itemOps.push(op(patchOp(`patch${gv}${ns}${K}`, `partially update the specified ${K}`, r.schema, gvk)));
  if (verbs.has("update"))
    itemOps.push(op(putOp(`replace${gv}${ns}${K}`, `replace the specified ${K}`, r.schema, gvk)));
  const itemParams = [P.namePath(K), ...scope, P.pretty];
  if (itemOps.length > 0) paths.push({ path: item, parameters: itemParams, operations: itemOps });

  if (r.status)
    paths.push(subresource(`${item}/status`, "status", "Status", r.schema, gvk, gv, ns, K, tag, itemParams));
  if (r.scale && scale) {
    const scaleGvk = { group: "autoscaling", version: "v1", kind: "Scale" };
    paths.push(
      subresource(`${item}/scale`, "scale", "Scale", scale, scaleGvk, gv, ns, K, tag, [
        P.namePath("Scale"),
        ...scope,
        P.pretty,
      ]),
    );
  }

  if (r.namespaced && verbs.has("list")) {
    paths.push({
      path: `${base}/${r.plural}`,
      parameters: [...P.listParams, P.pretty].sort(byName),
      operations: [
        op({
          method: "get",
          action: "list",
          operationId: `list${gv}${K}ForAllNamespaces`,
          description: `list or watch objects of kind ${K}`,
          parameters: [],
          responses: [ok(list)],
          gvk,
          stream: true,
        }),
      ],
    });
  }
  if (verbs.has("watch")) {
    const watchBase = r.namespaced
      ? `${base}/watch/namespaces/{namespace}/${r.plural}`
      : `${base}/watch/${r.plural}`;
    const watchParams = [...P.listParams, P.pretty];
    const watchList = (path: string, operationId: string, params: P.Parameter[]): PathItem => ({
      path,
      parameters: params.sort(byName),
      operations: [
        op({
          method: "get",
          action: "watchlist",
          operationId,
          description: `watch individual changes to a list of ${K}. deprecated: use the 'watch' parameter with a list operation instead.`,
          parameters: [],
          responses: [ok(WatchEvent)],
          gvk,
          stream: true,
        }),
      ],
    });
    paths.push(watchList(watchBase, `watch${gv}${ns}${K}List`, [...watchParams, ...scope]));
    paths.push({
      path: `${watchBase}/{name}`,
      parameters: [...watchParams, ...scope, P.namePath(K)].sort(byName),
      operations: [
        op({
          method: "get",
          action: "watch",
          operationId: `watch${gv}${ns}${K}`,
          description: `watch changes to an object of kind ${K}. deprecated: use the 'watch' parameter with a list operation, filtered to a single item with the 'fieldSelector' parameter.`,
          parameters: [],
          responses: [ok(WatchEvent)],
          gvk,
          stream: true,
        }),
      ],
    });
    if (r.namespaced) {
      paths.push(
        watchList(`${base}/watch/${r.plural}`, `watch${gv}${K}ListForAllNamespaces`, [...watchParams]),
      );
    }
  }
  return paths;
}

function byName(a: P.Parameter, b: P.Parameter): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function patchOp(
  operationId: string,
  description: string,
  schema: TSchema,
  gvk: GroupVersionKind,
): Omit<Operation, "tag"> {
  return {
    method: "patch",
    action: "patch",
    operationId,
    description,
    parameters: P.patchParams,
    body: { schema: Patch, required: true, patch: true },
    responses: [ok(schema), created(schema)],
    gvk,
  };
}

function putOp(
  operationId: string,
  description: string,
  schema: TSchema,
  gvk: GroupVersionKind,
): Omit<Operation, "tag"> {
  return {
    method: "put",
    action: "put",
    operationId,
    description,
    parameters: P.replaceParams,
    body: { schema, required: true },
    responses: [ok(schema), created(schema)],
    gvk,
  };
}

function subresource(
  path: string,
  sub: string,
  suffix: string,
  schema: TSchema,
  gvk: GroupVersionKind,
  gv: string,
  ns: string,
  K: string,
  tag: string,
  parameters: P.Parameter[],
): PathItem {
  return {
    path,
    parameters,
    operations: [
      {
        method: "get",
        action: "get",
        operationId: `read${gv}${ns}${K}${suffix}`,
        description: `read ${sub} of the specified ${K}`,
        parameters: [],
        responses: [ok(schema)],
        gvk,
        tag,
      },
      {
        ...patchOp(
          `patch${gv}${ns}${K}${suffix}`,
          `partially update ${sub} of the specified ${K}`,
          schema,
          gvk,
        ),
        tag,
      },
      {
        ...putOp(`replace${gv}${ns}${K}${suffix}`, `replace ${sub} of the specified ${K}`, schema, gvk),
        tag,
      },
    ],
  };
}

/** GET /apis/<group>/<version>/ : the resource list of the group/version. */
export function groupVersionRoot(r: Pick<ResourceType, "group" | "version">): PathItem {
  return {
    path: `${gvPrefix(r)}/`,
    parameters: [],
    operations: [
      {
        method: "get",
        operationId: `get${gvOperationWord(r)}APIResources`,
        description: "get available resources",
        parameters: [],
        responses: [ok(APIResourceList)],
        tag: gvTag(r),
      },
    ],
  };
}

/** Types every document may reference besides the resources' own. */
export const metaTypes: TSchema[] = [DeleteOptions, Status, WatchEvent, Patch, APIResourceList];
