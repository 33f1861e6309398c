// The pod subresources the API server itself implements: binding (the scheduler assigns a node) and
// eviction (a delete that respects PodDisruptionBudgets), as upstream's BindingREST and EvictionREST.
import type { KubeObject } from "../../api/meta/v1/types.js";
import { labelSelectorAsSelector } from "../../api/labels/selector.js";
import { everything as everyField } from "../../api/fields/selector.js";
import { everything as everyLabel } from "../../api/labels/selector.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { badRequest, conflict, internalError, invalid, StatusError, type Status } from "../errors.js";
import { required, notSupported } from "../../api/validation/field.js";
import type { DecodeTarget } from "../decode/object.js";
import { nowTimestamp } from "../registry/objectmeta.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import { respondStatus } from "./respond.js";
import type { RequestScope } from "./scope.js";

type Json = Record<string, any>;

const success = (code: number): Status => ({
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Success",
  code,
});

function target(s: RequestScope, group: string, kind: string): DecodeTarget {
  return {
    group,
    version: "v1",
    kind,
    node: s.services.nodeFor(kind)!,
    isRegistered: s.services.isRegistered,
  };
}

/** POST pods/{name}/binding: set spec.nodeName once, with the PodScheduled condition. */
export async function bindPod(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "CreateOptions", s.req.headers["user-agent"]);
  const binding = decodeBody(s, body, format, opts.fieldValidation, target(s, "", "Binding")) as Json;
  const meta = (binding.metadata ?? {}) as Json;
  if ((meta.name ?? "") !== s.name) throw badRequest("name in URL does not match name in Binding object");
  const t = (binding.target ?? {}) as Json;
  const errs = [];
  if (t.kind && t.kind !== "Node") errs.push(notSupported("target.kind", t.kind, ["Node", "<empty>"]));
  if (!t.name) errs.push(required("target.name", ""));
  if (errs.length) throw invalid({ group: "", kind: "Binding" }, s.name, errs);
  const fail = (msg: string) => conflict({ group: "", resource: "pods/binding" }, s.name, msg);
  try {
    await s.registry.guaranteedUpdate(
      s.namespace,
      s.name,
      (pod) => {
        const p = pod as Json;
        if (p.metadata.deletionTimestamp)
          throw fail(`pod ${s.name} is being deleted, cannot be assigned to a host`);
        if (p.spec?.nodeName)
          throw fail(`pod ${s.name} is already assigned to node ${JSON.stringify(p.spec.nodeName)}`);
        p.spec = { ...(p.spec ?? {}), nodeName: t.name };
        if (meta.annotations)
          p.metadata.annotations = { ...(p.metadata.annotations ?? {}), ...meta.annotations };
        const conditions = ((p.status ??= {}).conditions ??= []) as Json[];
        const cond = conditions.find((c) => c.type === "PodScheduled");
        if (cond) {
          if (cond.status !== "True") cond.lastTransitionTime = nowTimestamp();
          cond.status = "True";
          delete cond.reason;
          delete cond.message;
        } else
          conditions.push({
            type: "PodScheduled",
            status: "True",
            lastProbeTime: null,
            lastTransitionTime: nowTimestamp(),
          });
        return pod;
      },
      {
        user: s.user,
        dryRun: opts.dryRun,
        fieldManager: opts.fieldManager,
        subresource: "binding",
        warnings: s.warnings,
      },
      { uid: meta.uid, resourceVersion: meta.resourceVersion },
    );
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw fail(String(e));
  }
  respondStatus(s, 201, success(201));
}

const cannotEvict = "Cannot evict pod as it would violate the pod's disruption budget.";

function tooManyRequests(cause: string): StatusError {
  return new StatusError({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: cannotEvict,
    reason: "TooManyRequests",
    details: { causes: [{ reason: "DisruptionBudget", message: cause }], retryAfterSeconds: 10 },
    code: 429,
  });
}

/** POST pods/{name}/eviction: delete the pod unless a PodDisruptionBudget forbids it. */
export async function evictPod(s: RequestScope): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "CreateOptions", s.req.headers["user-agent"]);
  const eviction = decodeBody(s, body, format, opts.fieldValidation, target(s, "policy", "Eviction")) as Json;
  if ((eviction.metadata?.name ?? "") !== s.name)
    throw badRequest("name in URL does not match name in Eviction object");
  const ctx = {
    user: s.user,
    dryRun: opts.dryRun,
    fieldManager: opts.fieldManager,
    subresource: "eviction",
    warnings: s.warnings,
  };
  const pod = (await s.registry.get(s.namespace, s.name)).obj as Json;
  const deleteOptions = { ...((eviction.deleteOptions ?? {}) as Json) };
  if (opts.dryRun) deleteOptions.dryRun = ["All"];
  const phase = pod.status?.phase;
  // A pod that is done, not yet running or already going away disrupts nothing.
  const exempt =
    phase === "Succeeded" || phase === "Failed" || phase === "Pending" || !!pod.metadata.deletionTimestamp;
  const pdbs = s.services.registryFor("policy", "poddisruptionbudgets");
  if (!exempt && pdbs) {
    const matching: Json[] = [];
    for (const o of pdbs.fromCache(s.namespace, { labelSelector: everyLabel, fieldSelector: everyField })) {
      const sel = labelSelectorAsSelector((o.obj.spec as Json | undefined)?.selector);
      if (sel.ok && !sel.selector.empty && sel.selector.matches(pod.metadata.labels)) matching.push(o.obj);
    }
    if (matching.length > 1)
      throw internalError(
        new Error(
          "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
        ),
      );
    if (matching.length === 1) {
      const pdb = matching[0] as KubeObject & Json;
      const st = (pdb.status ?? {}) as Json;
      if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0))
        throw tooManyRequests(
          `The disruption budget ${pdb.metadata.name} is still being processed by the server.`,
        );
      if ((st.disruptionsAllowed ?? 0) <= 0)
        throw tooManyRequests(
          `The disruption budget ${pdb.metadata.name} needs ${st.desiredHealthy ?? 0} healthy pods and has ${st.currentHealthy ?? 0} currently`,
        );
      await pdbs.guaranteedUpdate(
        s.namespace,
        pdb.metadata.name!,
        (cur) => {
          const c = cur as Json;
          const cst = (c.status ??= {}) as Json;
          if ((cst.disruptionsAllowed ?? 0) <= 0)
            throw tooManyRequests(
              `The disruption budget ${pdb.metadata.name} needs ${cst.desiredHealthy ?? 0} healthy pods and has ${cst.currentHealthy ?? 0} currently`,
            );
          cst.disruptionsAllowed -= 1;
          cst.disruptedPods = { ...(cst.disruptedPods ?? {}), [s.name]: nowTimestamp() };
          return cur;
        },
        ctx,
      );
    }
  }
  await s.registry.delete(s.namespace, s.name, deleteOptions, ctx);
  respondStatus(s, 201, success(201));
}
