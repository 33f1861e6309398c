// TLS for Ingresses: each spec.tls entry's Secret (type kubernetes.io/tls, keys tls.crt and tls.key) serves
// its hosts, chosen by SNI (exact host, then a wildcard one label deep); an entry without hosts gives the
// default certificate for names no entry lists. Problems are returned as values for events.
import { createSecureContext, type SecureContext } from "node:tls";
import type { Secret } from "../api/core/v1/secret.js";
import type { DeepReadonly } from "../client/informer/cache.js";
import type { RIngress } from "./routes.js";
import { byAge, wildcardMatches } from "./routes.js";

export type RSecret = DeepReadonly<Secret & { metadata: { name?: string; namespace?: string } }>;

export interface CertProblem {
  ingress: RIngress;
  reason: string;
  message: string;
}

export class CertStore {
  private readonly exact = new Map<string, SecureContext>();
  private readonly wildcard = new Map<string, SecureContext>();
  private fallback?: SecureContext;
  readonly problems: CertProblem[] = [];
  /** Hosts with a certificate. */
  readonly tlsHosts = new Set<string>();

  constructor(ingresses: readonly RIngress[], getSecret: (ns: string, name: string) => RSecret | undefined) {
    const cache = new Map<string, SecureContext | undefined>();
    for (const ing of [...ingresses].sort(byAge)) {
      const ns = ing.metadata.namespace ?? "default";
      for (const t of ing.spec?.tls ?? []) {
        if (!t.secretName) continue;
        const key = `${ns}/${t.secretName}`;
        let ctx = cache.get(key);
        if (!cache.has(key)) {
          ctx = this.load(ing, ns, t.secretName, getSecret(ns, t.secretName));
          cache.set(key, ctx);
        }
        if (!ctx) continue;
        if (!t.hosts?.length) this.fallback ??= ctx;
        for (const h of t.hosts ?? []) {
          const host = h.toLowerCase();
          const map = host.startsWith("*.") ? this.wildcard : this.exact;
          if (!map.has(host)) map.set(host, ctx);
          this.tlsHosts.add(host);
        }
      }
    }
  }

  private load(ing: RIngress, ns: string, name: string, s: RSecret | undefined): SecureContext | undefined {
    if (!s) {
      this.problems.push({
        ingress: ing,
        reason: "SecretNotFound",
        message: `secret "${ns}/${name}" not found`,
      });
      return undefined;
    }
    const crt = s.data?.["tls.crt"];
    const key = s.data?.["tls.key"];
    if (!crt || !key) {
      this.problems.push({
        ingress: ing,
        reason: "InvalidSecret",
        message: `secret "${ns}/${name}" has no tls.crt and tls.key`,
      });
      return undefined;
    }
    try {
      return createSecureContext({ cert: Buffer.from(crt, "base64"), key: Buffer.from(key, "base64") });
    } catch (e) {
      this.problems.push({
        ingress: ing,
        reason: "InvalidSecret",
        message: `secret "${ns}/${name}" does not hold a valid certificate and key: ${(e as Error).message}`,
      });
      return undefined;
    }
  }

  /** The context for an SNI server name. */
  lookup(servername: string | undefined): SecureContext | undefined {
    const host = (servername ?? "").toLowerCase();
    const exact = this.exact.get(host);
    if (exact) return exact;
    for (const [w, ctx] of this.wildcard) if (wildcardMatches(w, host)) return ctx;
    return this.fallback;
  }
}
