// The Swagger 2.0 document (/openapi/v2): every group/version's paths in one document, `definitions`
// named by $id. kubectl 1.27/1.28 read it (as protobuf, see gnostic.ts) to learn that PATCH accepts
// `fieldValidation`, and for `explain` when v3 is not used.
import type { TSchema } from "@sinclair/typebox";
import type { ResourceType } from "../../api/registry.js";
import { groupVersionRoot, resourcePaths, type Operation, type PathItem } from "./operations.js";
import { SchemaWriter, type TypeIndex } from "./schemas.js";
import { markKinds, markMetaKinds } from "./v3.js";
import { gvPath } from "./names.js";
import type { Parameter } from "./parameters.js";

type Json = Record<string, unknown>;

const produces = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
const streamProduces = [
  "application/json",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
  "application/json;stream=watch",
  "application/vnd.kubernetes.protobuf;stream=watch",
];
const patchConsumes = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

export function buildV2Document(
  resources: ResourceType[],
  index: TypeIndex,
  opts: { version: string; scale?: TSchema },
): Json {
  const w = new SchemaWriter("v2", index);
  const items: PathItem[] = [];
  const roots = new Set<string>();
  for (const r of resources) {
    if (!roots.has(gvPath(r))) {
      roots.add(gvPath(r));
      items.push(groupVersionRoot(r));
    }
    items.push(...resourcePaths(r, opts.scale));
  }
  const paths: Json = {};
  for (const item of items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    paths[item.path] = renderPathItem(w, item);
  }
  for (const r of resources) markKinds(w, r);
  markMetaKinds(w, resources);
  return {
    definitions: w.definitions(),
    info: { title: "Kubernetes", version: opts.version },
    paths,
    security: [{ BearerToken: [] }],
    securityDefinitions: {
      BearerToken: {
        description: "Bearer Token authentication",
        in: "header",
        name: "authorization",
        type: "apiKey",
      },
    },
    swagger: "2.0",
  };
}

function renderPathItem(w: SchemaWriter, item: PathItem): Json {
  const out: Json = {};
  for (const op of item.operations) out[op.method] = renderOperation(w, op);
  if (item.parameters.length > 0) out.parameters = item.parameters.map(renderParameter);
  return Object.fromEntries(
    Object.keys(out)
      .sort()
      .map((k) => [k, out[k]]),
  );
}

function renderParameter(p: Parameter): Json {
  const out: Json = {};
  if (p.description) out.description = p.description;
  out.in = p.in;
  out.name = p.name;
  if (p.required) out.required = true;
  out.type = p.type;
  out.uniqueItems = true;
  return out;
}

function renderOperation(w: SchemaWriter, op: Operation): Json {
  const parameters: Json[] = [];
  if (op.body) {
    parameters.push({
      in: "body",
      name: "body",
      required: op.body.required,
      schema: w.refTo(op.body.schema),
    });
  }
  parameters.push(...op.parameters.map(renderParameter));
  const responses: Json = {};
  for (const r of op.responses) responses[r.code] = { description: r.description, schema: w.refTo(r.schema) };
  responses["401"] = { description: "Unauthorized" };
  const out: Json = {
    consumes: op.body?.patch ? patchConsumes : ["*/*"],
    description: op.description,
    operationId: op.operationId,
  };
  if (parameters.length > 0) out.parameters = parameters;
  out.produces = op.stream ? streamProduces : produces;
  out.responses = responses;
  out.schemes = ["https"];
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
