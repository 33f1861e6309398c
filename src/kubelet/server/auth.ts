// Authentication and authorization of kubelet API requests, as upstream's kubelet with
// --authentication x509 (client certificates signed by the cluster CA: user = CN, groups = O) and
// --authorization-mode=Webhook: a SubjectAccessReview for resource nodes, subresource by path
// (stats, metrics, log, spec, checkpoint, else proxy), name = the node. Decisions are cached as upstream's
// webhook authorizer caches them (allowed 5 min, denied 30 s).
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { RestClient } from "../../client/rest/client.js";

export interface KubeletUser {
  username: string;
  groups: string[];
}

/** The verified client certificate's identity; null without one. */
export function authenticate(req: IncomingMessage): KubeletUser | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return null;
  const subject = socket.getPeerCertificate()?.subject;
  if (!subject) return null;
  const cn = subject.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return null;
  const o = subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username, groups: [...groups, "system:authenticated"] };
}

export interface KubeletAttributes {
  verb: string;
  subresource: string;
  path: string;
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(prefix + "/");

/** upstream nodeAuthorizerAttributesGetter: the verb from the method, the subresource from the path. */
export function requestAttributes(method: string, path: string): KubeletAttributes {
  const verb =
    { POST: "create", GET: "get", HEAD: "get", PUT: "update", PATCH: "patch", DELETE: "delete" }[method] ??
    "";
  let subresource = "proxy";
  if (under(path, "/stats")) subresource = "stats";
  else if (under(path, "/metrics")) subresource = "metrics";
  else if (under(path, "/logs")) subresource = "log";
  else if (under(path, "/checkpoint")) subresource = "checkpoint";
  else if (under(path, "/spec")) subresource = "spec";
  return { verb, subresource, path };
}

/** upstream's message for a denied request. */
export const forbiddenMessage = (u: KubeletUser, a: KubeletAttributes): string =>
  `Forbidden (user=${u.username}, verb=${a.verb}, resource=nodes, subresource=${a.subresource})`;

export class SubjectAccessReviewer {
  private readonly cache = new Map<string, { allowed: boolean; expires: number }>();

  constructor(
    private readonly client: RestClient,
    private readonly nodeName: string | undefined,
  ) {}

  async allowed(u: KubeletUser, a: KubeletAttributes): Promise<boolean> {
    const key = JSON.stringify([u.username, u.groups, a.verb, a.subresource]);
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.allowed;
    let allowed = false;
    try {
      const sar = await this.client.raw<{ status?: { allowed?: boolean } }>(
        "POST",
        "/apis/authorization.k8s.io/v1/subjectaccessreviews",
        {
          apiVersion: "authorization.k8s.io/v1",
          kind: "SubjectAccessReview",
          spec: {
            user: u.username,
            groups: u.groups,
            resourceAttributes: {
              verb: a.verb,
              version: "v1",
              resource: "nodes",
              subresource: a.subresource,
              ...(this.nodeName ? { name: this.nodeName } : {}),
            },
          },
        },
      );
      allowed = sar.status?.allowed === true;
    } catch {
      // The API server is unreachable: deny, and ask again soon.
      return false;
    }
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(key, { allowed, expires: Date.now() + (allowed ? 300_000 : 30_000) });
    return allowed;
  }
}
