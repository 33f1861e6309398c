// The routing table: every Ingress of our class folded into hosts → paths → backends, with the matching
// rules of the Ingress API (networking.k8s.io/v1 HTTPIngressPath docs):
// - a host is matched exactly, else by a wildcard `*.example.test` (which covers exactly one label), else
//   by the rules without a host;
// - within the host, an Exact path wins over a Prefix path of the same length, and the longest Prefix wins;
//   Prefix matching is element-wise on `/`-separated segments (`/foo` matches `/foo`, `/foo/`, `/foo/bar`
//   but not `/foobar`), a trailing slash in the rule is ignored; ImplementationSpecific is matched as Prefix;
// - the same host and path in two Ingresses: the older Ingress wins (then namespace/name), as controllers
//   resolve conflicts;
// - nothing matches: the default backend of the oldest Ingress with one, else none (the caller answers 404).
import type { Ingress } from "../api/networking/v1/types.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export type RIngress = DeepReadonly<
  Ingress & { metadata: { name?: string; namespace?: string; creationTimestamp?: string } }
>;

export interface Backend {
  namespace: string;
  /** The Ingress this route came from ("ns/name"), for events and logs. */
  ingress: string;
  service: string;
  /** The Service port by number, or by name. */
  port: number | string;
}

export type PathType = "Exact" | "Prefix" | "ImplementationSpecific";

interface Route {
  path: string;
  exact: boolean;
  /** Path segments for Prefix routes. */
  segments: string[];
  backend: Backend;
  order: number;
}

export interface Match {
  backend: Backend;
  /** The matched host rule ("" for the catch-all rules, "*.x" for a wildcard), and the path rule. */
  host: string;
  path: string;
}

const segmentsOf = (p: string) => p.split("/").filter((s) => s !== "");

/** Whether an Ingress path of type Prefix matches the request path, element by element. */
export function prefixMatches(rule: string, reqPath: string): boolean {
  const r = segmentsOf(rule);
  const p = segmentsOf(reqPath);
  if (r.length > p.length) return false;
  for (let i = 0; i < r.length; i++) if (r[i] !== p[i]) return false;
  return true;
}

/** Whether a wildcard host `*.example.test` covers the host: exactly one more label in front. */
export function wildcardMatches(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1); // ".example.test"
  if (!host.endsWith(suffix)) return false;
  const first = host.slice(0, host.length - suffix.length);
  return first.length > 0 && !first.includes(".");
}

function backendOf(
  ing: RIngress,
  b: DeepReadonly<NonNullable<NonNullable<Ingress["spec"]>["defaultBackend"]>> | undefined,
): Backend | undefined {
  const svc = b?.service;
  if (!svc?.name) return undefined;
  const port = svc.port?.number ?? svc.port?.name;
  if (port === undefined || port === "") return undefined;
  const ns = ing.metadata.namespace ?? "default";
  return { namespace: ns, ingress: `${ns}/${ing.metadata.name}`, service: svc.name, port };
}

/** Oldest first, then by namespace/name: the order in which conflicting rules are decided. */
export function byAge(a: RIngress, b: RIngress): number {
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ka = `${a.metadata.namespace}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export class RoutingTable {
  private readonly exactHosts = new Map<string, Route[]>();
  private readonly wildcardHosts = new Map<string, Route[]>();
  private catchAll?: Route[];
  private defaultBackend?: Backend;

  constructor(ingresses: readonly RIngress[]) {
    let order = 0;
    for (const ing of [...ingresses].sort(byAge)) {
      const db = backendOf(ing, ing.spec?.defaultBackend);
      if (db && !this.defaultBackend) this.defaultBackend = db;
      for (const rule of ing.spec?.rules ?? []) {
        const host = (rule.host ?? "").toLowerCase();
        const map = host.startsWith("*.") ? this.wildcardHosts : this.exactHosts;
        let routes: Route[];
        if (!host) routes = this.catchAll ??= [];
        else {
          routes = map.get(host) ?? [];
          map.set(host, routes);
        }
        for (const p of rule.http?.paths ?? []) {
          const backend = backendOf(ing, p.backend);
          if (!backend) continue;
          const path = p.path || "/";
          routes.push({
            path,
            exact: (p.pathType as PathType) === "Exact",
            segments: segmentsOf(path),
            backend,
            order: order++,
          });
        }
      }
    }
  }

  /** The hosts named by rules (exact and wildcard), for TLS and diagnostics. */
  hosts(): string[] {
    return [...this.exactHosts.keys(), ...this.wildcardHosts.keys()];
  }

  /** The backend for a request's host (without port) and path (without query). */
  match(hostHeader: string, reqPath: string): Match | undefined {
    const host = stripPort(hostHeader).toLowerCase();
    let hostKey: string | undefined;
    let routes: Route[] | undefined;
    if (this.exactHosts.has(host)) {
      hostKey = host;
      routes = this.exactHosts.get(host);
    } else {
      for (const [w, r] of this.wildcardHosts) {
        if (wildcardMatches(w, host)) {
          hostKey = w;
          routes = r;
          break;
        }
      }
    }
    if (!routes) {
      hostKey = "";
      routes = this.catchAll;
    }
    const best = routes ? bestRoute(routes, reqPath) : undefined;
    if (best) return { backend: best.backend, host: hostKey ?? "", path: best.path };
    if (this.defaultBackend) return { backend: this.defaultBackend, host: hostKey ?? "", path: "" };
    return undefined;
  }
}

function bestRoute(routes: Route[], reqPath: string): Route | undefined {
  let best: Route | undefined;
  let bestScore = -1;
  const reqSegs = segmentsOf(reqPath);
  for (const r of routes) {
    let score: number;
    if (r.exact) {
      if (r.path !== reqPath) continue;
      // An Exact match beats every Prefix match of the same path.
      score = r.path.length * 2 + 1;
    } else {
      if (r.segments.length > reqSegs.length) continue;
      let ok = true;
      for (let i = 0; i < r.segments.length; i++) if (r.segments[i] !== reqSegs[i]) ok = false;
      if (!ok) continue;
      // Longest prefix by the rule's normalised length (trailing slash ignored).
      score = ("/" + r.segments.join("/")).length * 2;
    }
    if (score > bestScore || (score === bestScore && best && r.order < best.order)) {
      best = r;
      bestScore = score;
    }
  }
  return best;
}

/** "host:port" or "[v6]:port" → host. */
export function stripPort(h: string): string {
  if (h.startsWith("[")) {
    const end = h.indexOf("]");
    return end > 0 ? h.slice(1, end) : h;
  }
  const i = h.indexOf(":");
  return i >= 0 && h.indexOf(":", i + 1) < 0 ? h.slice(0, i) : h;
}
