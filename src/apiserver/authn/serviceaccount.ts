// ServiceAccount tokens, as upstream's pkg/serviceaccount: bound JWTs the TokenRequest subresource issues
// (issuer, audiences, expiry, bound to the ServiceAccount and optionally a Pod or Secret), and the
// authenticator that accepts them only while the ServiceAccount and bound object still exist with the
// UIDs in the claims.
import { randomUUID, type KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { bearerToken } from "./token.js";
import { keyId, publicKeyOf, signJwt, verifyJwt } from "./jwt.js";
import { AllAuthenticated, type UserInfo } from "./user.js";

export const defaultIssuer = "https://kubernetes.default.svc.cluster.local";
export const ServiceAccountUsernamePrefix = "system:serviceaccount:";
export const AllServiceAccountsGroup = "system:serviceaccounts";
export const serviceAccountGroup = (namespace: string) => `system:serviceaccounts:${namespace}`;
export const serviceAccountUsername = (namespace: string, name: string) =>
  `${ServiceAccountUsernamePrefix}${namespace}:${name}`;

interface Ref {
  name: string;
  uid: string;
}

/** The private claims under "kubernetes.io". */
export interface KubernetesClaims {
  namespace: string;
  serviceaccount: Ref;
  pod?: Ref;
  secret?: Ref;
}

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  "kubernetes.io": KubernetesClaims;
}

export interface ServiceAccountTokenOptions {
  signingKey: KeyObject;
  issuer?: string;
  /** The API server's audiences (--api-audiences); default [issuer]. */
  audiences?: string[];
}

export class ServiceAccountTokens {
  readonly issuer: string;
  readonly audiences: string[];
  private readonly kid: string;
  private readonly publicKeys: KeyObject[];
  /**
   * Tokens whose signature, issuer and audience were verified, by token text (most recent last): an ECDSA verify
   * is most of a request's authentication cost, as upstream's token cache saves it. Expiry and the liveness of
   * the ServiceAccount and bound object are still checked on every request.
   */
  private readonly verified = new Map<string, TokenClaims>();
  private static readonly verifiedMax = 4096;
  constructor(private readonly o: ServiceAccountTokenOptions) {
    this.issuer = o.issuer ?? defaultIssuer;
    this.audiences = o.audiences?.length ? o.audiences : [this.issuer];
    const pub = publicKeyOf(o.signingKey);
    this.kid = keyId(pub);
    this.publicKeys = [pub];
  }

  issue(
    sa: { namespace: string; name: string; uid: string },
    audiences: string[],
    expirationSeconds: number,
    bound: { pod?: Ref; secret?: Ref },
    now = Date.now(),
  ): { token: string; claims: TokenClaims } {
    const iat = Math.floor(now / 1000);
    const k8s: KubernetesClaims = { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } };
    if (bound.pod) k8s.pod = bound.pod;
    if (bound.secret) k8s.secret = bound.secret;
    const claims: TokenClaims = {
      aud: audiences,
      exp: iat + expirationSeconds,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      "kubernetes.io": k8s,
      nbf: iat,
      sub: serviceAccountUsername(sa.namespace, sa.name),
    };
    return { token: signJwt(claims, this.o.signingKey, this.kid), claims };
  }

  /** Verified, unexpired claims meant for this issuer and one of our audiences; else undefined. */
  claims(token: string, now = Date.now()): TokenClaims | undefined {
    const cached = this.verified.get(token);
    if (cached) {
      const t = now / 1000;
      if (t >= cached.exp || (typeof cached.nbf === "number" && t < cached.nbf)) return undefined;
      return cached;
    }
    const c = this.verify(token, now);
    if (c) {
      if (this.verified.size >= ServiceAccountTokens.verifiedMax)
        this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, c);
    }
    return c;
  }

  private verify(token: string, now: number): TokenClaims | undefined {
    const c = verifyJwt(token, this.publicKeys) as Partial<TokenClaims> | undefined;
    if (!c || c.iss !== this.issuer) return undefined;
    const aud = typeof c.aud === "string" ? [c.aud] : c.aud;
    if (!Array.isArray(aud) || !aud.some((a) => this.audiences.includes(a))) return undefined;
    const t = now / 1000;
    if (typeof c.exp !== "number" || t >= c.exp) return undefined;
    if (typeof c.nbf === "number" && t < c.nbf) return undefined;
    const k = c["kubernetes.io"];
    if (!k || typeof k.namespace !== "string" || typeof k.serviceaccount?.name !== "string") return undefined;
    if (c.sub !== serviceAccountUsername(k.namespace, k.serviceaccount.name)) return undefined;
    return c as TokenClaims;
  }
}

/** Reads current objects (the API server's watch cache). */
export type ObjectGetter = (
  resource: "serviceaccounts" | "pods" | "secrets",
  namespace: string,
  name: string,
) => KubeObject | undefined;

const alive = (o: KubeObject | undefined, uid: string) =>
  !!o && (!uid || o.metadata.uid === uid) && !o.metadata.deletionTimestamp;

/** The user a ServiceAccount token stands for, or null (upstream's validator.Validate). */
export function serviceAccountUser(
  tokens: ServiceAccountTokens,
  get: ObjectGetter,
  token: string,
): UserInfo | null {
  const c = tokens.claims(token);
  if (!c) return null;
  const k = c["kubernetes.io"];
  const ns = k.namespace;
  if (!alive(get("serviceaccounts", ns, k.serviceaccount.name), k.serviceaccount.uid)) return null;
  const extra: Record<string, string[]> = {};
  if (k.pod) {
    // a pod's deletionTimestamp still leaves its token valid until the pod is gone (upstream)
    const pod = get("pods", ns, k.pod.name);
    if (!pod || pod.metadata.uid !== k.pod.uid) return null;
    extra["authentication.kubernetes.io/pod-name"] = [k.pod.name];
    extra["authentication.kubernetes.io/pod-uid"] = [k.pod.uid];
  }
  if (k.secret) {
    const secret = get("secrets", ns, k.secret.name);
    if (!secret || secret.metadata.uid !== k.secret.uid) return null;
  }
  if (c.jti) extra["authentication.kubernetes.io/credential-id"] = [`JTI=${c.jti}`];
  return {
    username: c.sub,
    uid: k.serviceaccount.uid,
    groups: [AllServiceAccountsGroup, serviceAccountGroup(ns), AllAuthenticated],
    extra,
  };
}

/** An authenticator for ServiceAccount bearer tokens. */
export function serviceAccountAuthenticator(
  tokens: ServiceAccountTokens,
  get: ObjectGetter,
): (req: IncomingMessage) => UserInfo | null {
  return (req) => {
    const t = bearerToken(req);
    return t ? serviceAccountUser(tokens, get, t) : null;
  };
}
