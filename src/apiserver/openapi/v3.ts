// One OpenAPI v3 document per group/version (/openapi/v3/apis/<group>/<version>), as kube-openapi's
// builder3 lays it out: paths with their operations and parameters, components.schemas with every
// type the operations reach, the kinds marked with x-kubernetes-group-version-kind.
import type { TSchema } from "@sinclair/typebox";
import type { ResourceType } from "../../api/registry.js";
import { DeleteOptions, Status } from "../../api/meta/v1/types.js";
import {
  gvkOf,
  groupVersionRoot,
  listSchema,
  resourcePaths,
  type Operation,
  type PathItem,
} from "./operations.js";
import { SchemaWriter, type TypeIndex } from "./schemas.js";
import { WatchEvent, APIResourceList } from "./meta-types.js";
import type { Parameter } from "./parameters.js";

type Json = Record<string, unknown>;

const objectMediaTypes = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const streamMediaTypes = [
  "application/json",
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf",
  "application/vnd.kubernetes.protobuf;stream=watch",
  "application/yaml",
];
const patchMediaTypes = [
  "application/apply-patch+yaml",
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
];

export const securitySchemes = {
  BearerToken: {
    description: "Bearer Token authentication",
    in: "header",
    name: "authorization",
    type: "apiKey",
  },
};

/** The document for the resources of one group/version (all share group and version). */
export function buildV3Document(
  resources: ResourceType[],
  index: TypeIndex,
  opts: { version: string; scale?: TSchema },
): Json {
  const w = new SchemaWriter("v3", index);
  const items: PathItem[] = [groupVersionRoot(resources[0])];
  for (const r of resources) items.push(...resourcePaths(r, opts.scale));
  const paths: Json = {};
  for (const item of items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    paths[item.path] = renderPathItem(w, item);
  }
  for (const r of resources) markKinds(w, r);
  markMetaKinds(w, resources);
  return {
    components: { schemas: w.definitions(), securitySchemes },
    info: { title: "Kubernetes", version: opts.version },
    openapi: "3.0.0",
    paths,
    security: [{ BearerToken: [] }],
  };
}

/** The kind and its list carry their GVK; so does Scale, wherever a scale subresource uses it. */
export function markKinds(w: SchemaWriter, r: ResourceType): void {
  const gvk = gvkOf(r);
  w.addGroupVersionKind(w.named(r.schema.$id as string), gvk);
  const list = listSchema(r);
  w.addGroupVersionKind(w.named(list.$id as string), { ...gvk, kind: r.listKind ?? `${r.kind}List` });
  const scale = "io.k8s.api.autoscaling.v1.Scale";
  if (w.has(scale)) w.addGroupVersionKind(scale, { group: "autoscaling", version: "v1", kind: "Scale" });
}

/** meta/v1 kinds are registered in every group/version (upstream lists them for all of them). */
export function markMetaKinds(w: SchemaWriter, resources: Pick<ResourceType, "group" | "version">[]): void {
  const core = { group: "", version: "v1" };
  const gvs = [core, ...resources.map((r) => ({ group: r.group, version: r.version }))];
  for (const [schema, kind, everywhere] of [
    [DeleteOptions, "DeleteOptions", true],
    [WatchEvent, "WatchEvent", true],
    [Status, "Status", false],
    [APIResourceList, "APIResourceList", false],
  ] as const) {
    const name = schema.$id as string;
    if (!w.has(name)) continue;
    for (const gv of everywhere ? gvs : [core]) w.addGroupVersionKind(name, { ...gv, kind });
  }
}

function renderPathItem(w: SchemaWriter, item: PathItem): Json {
  const out: Json = {};
  for (const op of item.operations) out[op.method] = renderOperation(w, op);
  if (item.parameters.length > 0) out.parameters = item.parameters.map(renderParameter);
  return sortObject(out);
}

function renderParameter(p: Parameter): Json {
  const out: Json = {};
  if (p.description) out.description = p.description;
  out.in = p.in;
  out.name = p.name;
  if (p.required) out.required = true;
  out.schema = { type: p.type, uniqueItems: true };
  return out;
}

function renderOperation(w: SchemaWriter, op: Operation): Json {
  const out: Json = { description: op.description, operationId: op.operationId };
  if (op.parameters.length > 0) out.parameters = op.parameters.map(renderParameter);
  if (op.body) {
    const schema = w.refTo(op.body.schema);
    const types = op.body.patch ? patchMediaTypes : ["*/*"];
    out.requestBody = {
      content: Object.fromEntries(types.map((t) => [t, { schema }])),
      ...(op.body.required ? { required: true } : {}),
    };
  }
  const responses: Json = {};
  for (const r of op.responses) {
    const schema = w.refTo(r.schema);
    const types = op.stream ? streamMediaTypes : objectMediaTypes;
    responses[r.code] = {
      content: Object.fromEntries(types.map((t) => [t, { schema }])),
      description: r.description,
    };
  }
  out.responses = responses;
  out.tags = [op.tag];
  if (op.action) out["x-kubernetes-action"] = op.action;
  if (op.gvk)
    out["x-kubernetes-group-version-kind"] = {
      group: op.gvk.group,
      kind: op.gvk.kind,
      version: op.gvk.version,
    };
  return out;
}

function sortObject(o: Json): Json {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}
