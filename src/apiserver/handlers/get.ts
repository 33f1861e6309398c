// GET of one object, and LIST (which hands watches over to the watch handler), as upstream's
// GetResource and ListResource.
import { negotiateOutput } from "../request/negotiate.js";
import { listOptions } from "./options.js";
import { respondList, respondObject } from "./respond.js";
import type { RequestScope } from "./scope.js";
import { serveWatch } from "./watch.js";

export async function getResource(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const o = await s.registry.get(s.namespace, s.name, s.query.get("resourceVersion") ?? "");
  respondObject(s, 200, o);
}

/** LIST or WATCH of a collection; `forceWatch` for the legacy /watch/ paths; `name` for a watch of one object. */
export async function listResource(s: RequestScope, forceWatch: boolean): Promise<void> {
  const opts = listOptions(s.query, s.resource, forceWatch, s.name);
  if (opts.watch) return serveWatch(s, opts);
  s.out = negotiateOutput(s.req, s.query, { allowConversion: true, stream: false });
  const r = await s.registry.list(s.namespace, {
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    limit: opts.limit,
    continue: opts.continue,
    resourceVersion: opts.resourceVersion,
    resourceVersionMatch: opts.resourceVersionMatch,
  });
  respondList(s, r);
}
