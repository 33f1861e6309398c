// DELETE of one object and of a collection (upstream's DeleteResource / DeleteCollection): DeleteOptions
// from the body (JSON, YAML or protobuf; any apiVersion, kind DeleteOptions) or else the query.
import { DeleteOptions as DeleteOptionsSchema } from "../../api/meta/v1/types.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest, invalid } from "../errors.js";
import { parseJSON } from "../decode/json.js";
import { parseYAML } from "../decode/yaml.js";
import { decodeTyped, SchemaCompiler, type Node } from "../decode/typed.js";
import { validateDeleteOptions, type DeleteOptions } from "../registry/generic.js";
import { deleteNamespace, isNamespaceResource } from "../registry/namespace.js";
import { listOptions, queryBool, queryInt } from "./options.js";
import { respondList, respondObject, respondStatus } from "./respond.js";
import type { RequestScope } from "./scope.js";

let deleteOptionsNode: Node | undefined;
function optionsNode(): Node {
  if (!deleteOptionsNode) {
    const c = new SchemaCompiler();
    c.register(DeleteOptionsSchema);
    deleteOptionsNode = c.compile(DeleteOptionsSchema);
  }
  return deleteOptionsNode;
}

/** DeleteOptions of a request; validation errors are 422 DeleteOptions.meta.k8s.io. */
export async function deleteOptions(s: RequestScope): Promise<DeleteOptions> {
  const body = await readBody(s.req);
  let o: DeleteOptions;
  if (body.length > 0) {
    const format = negotiateInput(s.req);
    let value: unknown;
    if (format === "protobuf") {
      const r = s.services.decodeProtobuf(body);
      if (!r.ok) throw badRequest(r.message);
      value = r.object;
    } else if (format === "yaml") {
      const y = parseYAML(body);
      if (!y.ok) throw badRequest(`couldn't get version/kind; ${y.error}`);
      value = y.value;
    } else {
      const j = parseJSON(body);
      if (!j.ok) throw badRequest(`couldn't get version/kind; json parse error: ${j.error}`);
      value = j.value;
    }
    if (value === null) value = {};
    if (typeof value !== "object" || Array.isArray(value))
      throw badRequest("decoded object cannot be converted to DeleteOptions");
    const kind = (value as { kind?: unknown }).kind;
    if (kind !== undefined && kind !== "" && kind !== "DeleteOptions")
      throw badRequest("decoded object cannot be converted to DeleteOptions");
    const r = decodeTyped(value, optionsNode());
    if (r.error) throw badRequest(r.error);
    o = r.value as DeleteOptions;
  } else {
    const q = s.query;
    o = {};
    const grace = queryInt(q, "gracePeriodSeconds");
    if (grace !== undefined) o.gracePeriodSeconds = grace;
    const pp = q.get("propagationPolicy");
    if (pp !== null) o.propagationPolicy = pp;
    const orphan = queryBool(q, "orphanDependents");
    if (orphan !== undefined) o.orphanDependents = orphan;
  }
  const dryRun = s.query.getAll("dryRun");
  if (dryRun.length && !o.dryRun?.length) o.dryRun = dryRun;
  const errs = validateDeleteOptions(o);
  if (errs.length) throw invalid({ group: "meta.k8s.io", kind: "DeleteOptions" }, "", errs);
  return o;
}

export async function deleteResource(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const o = await deleteOptions(s);
  const ctx = {
    user: s.user,
    dryRun: !!o.dryRun?.length,
    fieldManager: "",
    subresource: "",
    warnings: s.warnings,
  };
  const r = isNamespaceResource(s.registry)
    ? await deleteNamespace(s.registry, s.name, o, ctx)
    : await s.registry.delete(s.namespace, s.name, o, ctx);
  const code = !r.deleted && o.orphanDependents === false ? 202 : 200;
  if (r.object) return respondObject(s, code, r.object);
  respondStatus(s, code, r.status!);
}

export async function deleteCollection(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const lo = listOptions(s.query, s.resource, false, "");
  const o = await deleteOptions(s);
  const ctx = {
    user: s.user,
    dryRun: !!o.dryRun?.length,
    fieldManager: "",
    subresource: "",
    warnings: s.warnings,
  };
  const r = await s.registry.deleteCollection(
    s.namespace,
    {
      labelSelector: lo.labelSelector,
      fieldSelector: lo.fieldSelector,
      limit: lo.limit,
      continue: lo.continue,
      resourceVersion: lo.resourceVersion,
      resourceVersionMatch: lo.resourceVersionMatch,
    },
    o,
    ctx,
  );
  respondList(s, r);
}
