// PUT /api/v1/namespaces/{name}/finalize: only spec.finalizers change (upstream's finalizeNamespaceStrategy);
// the namespace controller clears them when the namespace is empty, which then deletes it.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { deepCopy } from "../storage/codec.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import { checkName } from "./update.js";
import { respondObject } from "./respond.js";
import type { RequestScope } from "./scope.js";

export async function finalizeNamespace(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "UpdateOptions", s.req.headers["user-agent"]);
  const obj = decodeBody(s, body, format, opts.fieldValidation);
  (obj as { metadata?: object }).metadata ??= {};
  checkName(s, obj);
  const finalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
  const r = await s.registry.update(
    "",
    s.name,
    {
      updatedObject: (current) => {
        if (!current) throw s.registry.notFound(s.name);
        const next = deepCopy(current) as KubeObject & { spec?: { finalizers?: string[] } };
        next.spec = { ...(next.spec ?? {}) };
        if (finalizers?.length) next.spec.finalizers = finalizers;
        else delete next.spec.finalizers;
        return next;
      },
    },
    {
      user: s.user,
      dryRun: opts.dryRun,
      fieldManager: opts.fieldManager,
      subresource: "finalize",
      warnings: s.warnings,
    },
  );
  respondObject(s, 200, r.object);
}
