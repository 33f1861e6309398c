// POST serviceaccounts/{name}/token: the TokenRequest subresource behind `kubectl create token`, as
// upstream's TokenREST: a JWT for the ServiceAccount, optionally bound to a Pod or Secret.
import { invalid as fieldInvalid, type FieldError } from "../../api/validation/field.js";
import { badRequest, conflict, invalid } from "../errors.js";
import { negotiateInput, negotiateOutput } from "../request/negotiate.js";
import { readBody } from "../request/body.js";
import { writeValue } from "../response/write.js";
import type { DecodeTarget } from "../decode/object.js";
import type { ServiceAccountTokens } from "../authn/serviceaccount.js";
import { writeOptions } from "./options.js";
import { decodeBody } from "./decode.js";
import type { RequestScope } from "./scope.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { deepCopy } from "../storage/codec.js";

type Json = Record<string, any>;

const gk = { group: "authentication.k8s.io", kind: "TokenRequest" };
/** upstream SetDefaults_TokenRequestSpec. */
export const defaultExpirationSeconds = 3600;

export interface TokenRequestOptions {
  tokens: ServiceAccountTokens;
  /** --service-account-max-token-expiration in seconds (0: no cap). */
  maxExpirationSeconds?: number;
}

export async function createToken(s: RequestScope, o: TokenRequestOptions): Promise<void> {
  s.out = negotiateOutput(s.req, s.query, { allowConversion: false, stream: false });
  const format = negotiateInput(s.req);
  const body = await readBody(s.req);
  const opts = writeOptions(s.query, "CreateOptions", s.req.headers["user-agent"]);
  const target: DecodeTarget = {
    group: "authentication.k8s.io",
    version: "v1",
    kind: "TokenRequest",
    node: s.services.nodeFor("TokenRequest")!,
    isRegistered: s.services.isRegistered,
  };
  const req = decodeBody(s, body, format, opts.fieldValidation, target) as Json;
  const name = s.name;
  const namespace = s.namespace;
  const ctx = {
    user: s.user,
    dryRun: opts.dryRun,
    fieldManager: opts.fieldManager,
    subresource: "token",
    warnings: s.warnings,
  };
  // mutating admission (NodeRestriction checks a kubelet's binding here) before TokenREST reads the request
  await s.registry.admitSubresourceCreate("admit", namespace, name, req as KubeObject, ctx);
  const meta = (req.metadata ??= {}) as Json;
  const spec = (req.spec ??= {}) as Json;
  if (meta.name && meta.name !== name)
    throw invalid(gk, name, [
      fieldInvalid("metadata.name", meta.name, "must match the service account name if specified"),
    ]);
  if (meta.namespace && meta.namespace !== namespace)
    throw invalid(gk, name, [
      fieldInvalid(
        "metadata.namespace",
        meta.namespace,
        "must match the service account namespace if specified",
      ),
    ]);
  spec.expirationSeconds ??= defaultExpirationSeconds;
  const errs: FieldError[] = [];
  const exp = Number(spec.expirationSeconds);
  if (exp < 600)
    errs.push(fieldInvalid("spec.expirationSeconds", exp, "may not specify a duration less than 10 minutes"));
  if (exp > 2 ** 32)
    errs.push(
      fieldInvalid("spec.expirationSeconds", exp, "may not specify a duration larger than 2^32 seconds"),
    );
  if (errs.length) throw invalid(gk, name, errs);

  const sa = (await s.registry.get(namespace, name)).obj;
  await s.registry.admitSubresourceCreate("validate", namespace, name, deepCopy(req) as KubeObject, ctx);
  const bound: { pod?: { name: string; uid: string }; secret?: { name: string; uid: string } } = {};
  const ref = spec.boundObjectRef as Json | undefined;
  if (ref) {
    const group = String(ref.apiVersion ?? "").includes("/") ? String(ref.apiVersion).split("/")[0] : "";
    const kind = String(ref.kind ?? "");
    let uid: string;
    if (group === "" && (kind === "Pod" || kind === "Secret")) {
      const reg = s.services.registryFor("", kind === "Pod" ? "pods" : "secrets")!;
      const obj = (await reg.get(namespace, String(ref.name ?? ""))).obj as Json;
      if (kind === "Pod" && obj.spec?.serviceAccountName !== name)
        throw badRequest(
          `cannot bind token for serviceaccount ${JSON.stringify(name)} to pod running with different serviceaccount name.`,
        );
      uid = obj.metadata.uid;
      bound[kind === "Pod" ? "pod" : "secret"] = { name: obj.metadata.name, uid };
    } else {
      const gvk = group ? `${ref.apiVersion}, Kind=${kind}` : `/${ref.apiVersion ?? ""}, Kind=${kind}`;
      throw badRequest(
        `cannot bind token for serviceaccount ${JSON.stringify(name)} to object of kind ${JSON.stringify(gvk)}`,
      );
    }
    if (ref.uid && ref.uid !== uid)
      throw conflict(
        { group, resource: kind },
        String(ref.name),
        `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`,
      );
  }
  const max = o.maxExpirationSeconds ?? 0;
  if (max > 0 && spec.expirationSeconds > max) {
    s.warnings.push(`requested expiration of ${spec.expirationSeconds} seconds shortened to ${max} seconds`);
    spec.expirationSeconds = max;
  }
  if (!spec.audiences?.length) spec.audiences = [...o.tokens.audiences];
  const now = Date.now();
  const { token, claims } = o.tokens.issue(
    { namespace, name, uid: sa.metadata.uid ?? "" },
    spec.audiences as string[],
    spec.expirationSeconds as number,
    bound,
    now,
  );
  const out: Json = {
    kind: "TokenRequest",
    apiVersion: "authentication.k8s.io/v1",
    metadata: { ...meta, creationTimestamp: meta.creationTimestamp ?? null },
    spec,
    status: { token, expirationTimestamp: new Date(claims.exp * 1000).toISOString().replace(/\.\d+Z$/, "Z") },
  };
  writeValue(s.res, 201, out, s.out, s.warnings);
}
