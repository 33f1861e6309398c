// Bootstrap tokens (upstream's plugin/pkg/auth/authenticator/token/bootstrap): a bearer token
// "<token-id>.<token-secret>" is valid while kube-system holds a Secret "bootstrap-token-<token-id>" of type
// bootstrap.kubernetes.io/token with that secret, usage-bootstrap-authentication "true" and no past
// expiration. The user is system:bootstrap:<token-id> in system:bootstrappers plus the token's
// auth-extra-groups. Agents use one to ask for their node certificate.
import { timingSafeEqual } from "node:crypto";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { IncomingMessage } from "node:http";
import { bearerToken } from "./token.js";
import { AllAuthenticated, type UserInfo } from "./user.js";

export const BootstrapTokenSecretType = "bootstrap.kubernetes.io/token";
export const BootstrapTokenSecretPrefix = "bootstrap-token-";
export const BootstrapUserPrefix = "system:bootstrap:";
export const BootstrapDefaultGroup = "system:bootstrappers";
const tokenPattern = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;
const extraGroupPattern = /^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$/;

/** Splits "<id>.<secret>", or undefined when the text is not a bootstrap token. */
export function parseBootstrapToken(token: string): { id: string; secret: string } | undefined {
  const m = tokenPattern.exec(token);
  return m ? { id: m[1], secret: m[2] } : undefined;
}

/** A data value of the Secret (base64 in `data`). */
function dataOf(secret: KubeObject, key: string): string | undefined {
  const v = (secret as { data?: Record<string, string> }).data?.[key];
  return v === undefined ? undefined : Buffer.from(v, "base64").toString("utf8");
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** True once the Secret's expiration (RFC 3339) has passed; a malformed one counts as expired (upstream). */
export function bootstrapTokenExpired(secret: KubeObject, now = Date.now()): boolean {
  const exp = dataOf(secret, "expiration");
  if (exp === undefined) return false;
  const t = Date.parse(exp);
  return Number.isNaN(t) || now >= t;
}

/**
 * The user of a bootstrap token, or null. `getSecret` reads kube-system Secrets (the watch cache).
 */
export function bootstrapTokenUser(
  token: string,
  getSecret: (name: string) => KubeObject | undefined,
  now = Date.now(),
): UserInfo | null {
  const t = parseBootstrapToken(token);
  if (!t) return null;
  const secret = getSecret(BootstrapTokenSecretPrefix + t.id);
  if (!secret || secret.metadata.deletionTimestamp) return null;
  if ((secret as { type?: string }).type !== BootstrapTokenSecretType) return null;
  const id = dataOf(secret, "token-id");
  const value = dataOf(secret, "token-secret");
  if (id !== t.id || value === undefined || !same(value, t.secret)) return null;
  if (bootstrapTokenExpired(secret, now)) return null;
  if (dataOf(secret, "usage-bootstrap-authentication") !== "true") return null;
  const extra = (dataOf(secret, "auth-extra-groups") ?? "")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
  // a token with an invalid extra group authenticates no one (upstream getGroups)
  if (extra.some((g) => !extraGroupPattern.test(g))) return null;
  return {
    username: BootstrapUserPrefix + t.id,
    groups: [BootstrapDefaultGroup, ...extra.filter((g) => g !== BootstrapDefaultGroup)],
  };
}

/** A Secret for a new bootstrap token (what `kubeadm token create` writes). */
export function bootstrapTokenSecret(o: {
  id: string;
  secret: string;
  expiration?: Date;
  extraGroups?: string[];
  description?: string;
  signing?: boolean;
}): KubeObject & { type: string; stringData: Record<string, string> } {
  const data: Record<string, string> = {
    "token-id": o.id,
    "token-secret": o.secret,
    "usage-bootstrap-authentication": "true",
  };
  if (o.signing) data["usage-bootstrap-signing"] = "true";
  if (o.description) data.description = o.description;
  if (o.expiration) data.expiration = o.expiration.toISOString().replace(/\.\d{3}Z$/, "Z");
  if (o.extraGroups?.length) data["auth-extra-groups"] = o.extraGroups.join(",");
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: BootstrapTokenSecretPrefix + o.id, namespace: "kube-system" },
    type: BootstrapTokenSecretType,
    stringData: data,
  };
}

/** The authenticator for bootstrap tokens in Authorization: Bearer headers. */
export function bootstrapTokenAuthenticator(
  getSecret: (name: string) => KubeObject | undefined,
): (req: IncomingMessage) => UserInfo | null {
  return (req) => {
    const t = bearerToken(req);
    const user = t ? bootstrapTokenUser(t, getSecret) : null;
    return user && { ...user, groups: [...user.groups, AllAuthenticated] };
  };
}
