// Create-only kinds that are answered, never stored: access reviews (authorization.k8s.io) and identity
// reviews (authentication.k8s.io), as upstream's REST for them. The answer is the request with a status.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { UserInfo } from "../authn/user.js";
import type { RequestInfo } from "../request/info.js";
import type { ResourceInfo } from "../registry/resource.js";
import { alwaysAllow, type Authorizer, type AuthorizationAttributes } from "../authz/authorizer.js";
import { badRequest, invalid, methodNotAllowed } from "../errors.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { writeValue } from "../response/write.js";
import { decodeObject } from "../decode/object.js";
import type { ServerServices } from "./scope.js";
import { writeOptions } from "./options.js";
import { resourceTarget } from "./decode.js";

const reviewKinds = new Set([
  "authorization.k8s.io/SelfSubjectAccessReview",
  "authorization.k8s.io/SelfSubjectRulesReview",
  "authorization.k8s.io/SubjectAccessReview",
  "authorization.k8s.io/LocalSubjectAccessReview",
  "authentication.k8s.io/SelfSubjectReview",
  "authentication.k8s.io/TokenReview",
]);

export const isReviewResource = (ri: ResourceInfo) => reviewKinds.has(`${ri.group}/${ri.kind}`);

type Json = Record<string, any>;

async function decide(authorizer: Authorizer, user: UserInfo, spec: Json): Promise<Json> {
  const ra = spec.resourceAttributes as Json | undefined;
  const nra = spec.nonResourceAttributes as Json | undefined;
  const a: AuthorizationAttributes = ra
    ? {
        user,
        verb: ra.verb ?? "",
        resourceRequest: true,
        path: "",
        namespace: ra.namespace ?? "",
        apiGroup: ra.group ?? "",
        apiVersion: ra.version ?? "",
        resource: ra.resource ?? "",
        subresource: ra.subresource ?? "",
        name: ra.name ?? "",
      }
    : {
        user,
        verb: nra?.verb ?? "",
        resourceRequest: false,
        path: nra?.path ?? "",
        namespace: "",
        apiGroup: "",
        apiVersion: "",
        resource: "",
        subresource: "",
        name: "",
      };
  const d = await authorizer.authorize(a);
  const status: Json = { allowed: d.decision === "Allow" };
  if (d.decision === "Deny") status.denied = true;
  if (d.reason) status.reason = d.reason;
  return status;
}

/** SelfSubjectRulesReview status from the authorizer's rule resolver (upstream's RulesReview REST). */
function rulesReview(authorizer: Authorizer, user: UserInfo, namespace: string): Json {
  if (authorizer === alwaysAllow)
    return {
      resourceRules: [{ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }],
      nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
      incomplete: false,
    };
  if (!authorizer.rulesFor)
    return {
      resourceRules: [],
      nonResourceRules: [],
      incomplete: true,
      evaluationError: "no rule resolver for this authorizer",
    };
  const { rules, errors } = authorizer.rulesFor(user, namespace);
  const resourceRules: Json[] = [];
  const nonResourceRules: Json[] = [];
  for (const r of rules) {
    if (r.resources?.length || r.apiGroups?.length) {
      const rr: Json = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources ?? [] };
      if (r.resourceNames?.length) rr.resourceNames = r.resourceNames;
      resourceRules.push(rr);
    }
    if (r.nonResourceURLs?.length)
      nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
  }
  const status: Json = { resourceRules, nonResourceRules, incomplete: errors.length > 0 };
  if (errors.length) status.evaluationError = errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
  return status;
}

export async function serveReview(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  info: RequestInfo,
  user: UserInfo,
  ri: ResourceInfo,
  services: ServerServices,
  authorizer: Authorizer,
  authenticate?: (req: IncomingMessage) => UserInfo | null,
): Promise<void> {
  if (info.verb !== "create") throw methodNotAllowed();
  const out = negotiateOutput(req, url.searchParams, { allowConversion: false, stream: false });
  const format = negotiateInput(req);
  const body = await readBody(req);
  const opts = writeOptions(url.searchParams, "CreateOptions", req.headers["user-agent"]);
  const warnings: string[] = [];
  let pre: unknown;
  if (format === "protobuf") {
    const r = services.decodeProtobuf(body);
    if (!r.ok) throw badRequest(r.message);
    pre = r.object;
  }
  const d = decodeObject(
    body,
    format === "protobuf" ? "json" : format,
    resourceTarget(ri, services),
    opts.fieldValidation,
    pre,
  );
  warnings.push(...d.warnings);
  const obj = d.obj as Json;
  obj.metadata = { ...(obj.metadata ?? {}), creationTimestamp: null };
  const errs = ri.rt.validate?.(obj) ?? [];
  if (errs.length) throw invalid(ri.gk, obj.metadata.name ?? "", errs);
  const spec = (obj.spec ?? {}) as Json;
  switch (ri.kind) {
    case "SelfSubjectAccessReview":
      obj.status = await decide(authorizer, user, spec);
      break;
    case "SubjectAccessReview":
    case "LocalSubjectAccessReview": {
      if (ri.kind === "LocalSubjectAccessReview" && spec.resourceAttributes?.namespace !== info.namespace)
        throw invalid(ri.gk, obj.metadata.name ?? "", [
          {
            type: "FieldValueInvalid",
            field: "spec.resourceAttributes.namespace",
            badValue: spec.resourceAttributes?.namespace ?? "",
            detail: "must match metadata.namespace",
          },
        ]);
      const subject: UserInfo = {
        username: spec.user ?? "",
        uid: spec.uid,
        groups: spec.groups ?? [],
        extra: spec.extra,
      };
      obj.status = await decide(authorizer, subject, spec);
      break;
    }
    case "SelfSubjectRulesReview":
      obj.status = rulesReview(authorizer, user, String(spec.namespace ?? ""));
      break;
    case "SelfSubjectReview": {
      const ui: Json = { username: user.username };
      if (user.uid) ui.uid = user.uid;
      if (user.groups.length) ui.groups = user.groups;
      if (user.extra && Object.keys(user.extra).length) ui.extra = user.extra;
      obj.status = { userInfo: ui };
      break;
    }
    case "TokenReview": {
      const token = String(spec.token ?? "");
      // the token alone: never the client certificate of the connection that asks
      const fake = {
        headers: { authorization: `Bearer ${token}` },
        socket: {},
      } as unknown as IncomingMessage;
      const who = token && authenticate ? authenticate(fake) : null;
      obj.status = who
        ? {
            authenticated: true,
            user: { username: who.username, uid: who.uid, groups: who.groups, extra: who.extra },
            audiences: spec.audiences ?? [],
          }
        : { user: {}, error: "invalid bearer token" };
      break;
    }
  }
  writeValue(res, 201, obj, out, warnings);
}
