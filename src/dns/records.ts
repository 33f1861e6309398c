// The answers CoreDNS's kubernetes plugin gives for the cluster zone, as a pure function of a ClusterView:
// A/AAAA for Services (cluster IPs, or ready endpoints of headless ones), per-endpoint names of headless
// Services (hostname or dashed IP), SRV for ports, CNAME for ExternalName, pod A records, PTR for service
// and endpoint IPs. A name that exists without records of the asked type is NOERROR with no data; a name
// that does not exist is NXDOMAIN; both carry the zone's SOA so resolvers cache the negative answer.
import type { Answer } from "dns-packet";
import type { ClusterView, RService } from "./view.js";

/** CoreDNS kubernetes plugin default TTL (seconds); also the SOA minimum for negative caching. */
export const defaultTTL = 5;

export type Rcode = "NOERROR" | "NXDOMAIN";

export interface Lookup {
  rcode: Rcode;
  answers: Answer[];
  additionals: Answer[];
  authorities: Answer[];
}

export interface RecordOptions {
  domain: string;
  ttl?: number;
  /** `pods insecure` (k3s and kubeadm Corefiles), `verified` (a pod must hold the IP), or `disabled`. */
  pods?: "insecure" | "verified" | "disabled";
  /** SOA serial (CoreDNS uses the time of the last change; injected so tests are deterministic). */
  serial?: number;
}

const dashed = (ip: string) => (ip.includes(":") ? ip.replaceAll(":", "-") : ip.replaceAll(".", "-"));
const isV6 = (ip: string) => ip.includes(":");

/** The name of an endpoint under its Service: its hostname, else its dashed address (CoreDNS's default). */
export function endpointLabel(ep: { hostname?: string }, ip: string): string {
  return ep.hostname ? ep.hostname : dashed(ip);
}

function clusterIPs(s: RService): string[] {
  const ips = s.spec?.clusterIPs?.length ? s.spec.clusterIPs : s.spec?.clusterIP ? [s.spec.clusterIP] : [];
  return ips.filter((ip) => ip && ip !== "None");
}

function isHeadless(s: RService): boolean {
  return s.spec?.clusterIP === "None";
}

interface EndpointAddr {
  ip: string;
  label: string;
  ports: { name: string; protocol: string; port: number }[];
}

/** Addresses DNS publishes for a Service: ready ones, or all with publishNotReadyAddresses. */
function endpointAddrs(view: ClusterView, s: RService): EndpointAddr[] {
  const ns = s.metadata.namespace ?? "";
  const all = s.spec?.publishNotReadyAddresses === true;
  const out: EndpointAddr[] = [];
  const seen = new Set<string>();
  for (const slice of view.slicesFor(ns, s.metadata.name ?? "")) {
    const ports = (slice.ports ?? []).map((p) => ({
      name: p.name ?? "",
      protocol: (p.protocol ?? "TCP").toLowerCase(),
      port: p.port ?? 0,
    }));
    for (const ep of slice.endpoints ?? []) {
      if (!all && ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses ?? []) {
        if (seen.has(ip)) continue;
        seen.add(ip);
        out.push({ ip, label: endpointLabel(ep, ip), ports });
      }
    }
  }
  return out;
}

function ipFromDashed(label: string): string | undefined {
  const v4 = label.split("-");
  if (v4.length === 4 && v4.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return v4.join(".");
  if (label.includes("--") || v4.length === 8) {
    const v6 = label.replaceAll("-", ":");
    if (/^[0-9a-f:]+$/.test(v6) && v6.length <= 39) return v6;
  }
  return undefined;
}

/** The IP a reverse name stands for (d.c.b.a.in-addr.arpa, or 32 nibbles of ip6.arpa). */
export function ipFromReverse(name: string): string | undefined {
  if (name.endsWith(".in-addr.arpa")) {
    const parts = name.slice(0, -".in-addr.arpa".length).split(".");
    if (parts.length !== 4 || !parts.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255)) return undefined;
    return parts.reverse().map(Number).join(".");
  }
  if (name.endsWith(".ip6.arpa")) {
    const nib = name.slice(0, -".ip6.arpa".length).split(".");
    if (nib.length !== 32 || !nib.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
    const hex = nib.reverse().join("");
    const groups = hex.match(/.{4}/g)!.map((g) => g.replace(/^0+(?=.)/, ""));
    return compressV6(groups);
  }
  return undefined;
}

function compressV6(groups: string[]): string {
  // The canonical text form (RFC 5952): the longest run of zero groups (length >= 2) becomes "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === "0") j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

export class ClusterRecords {
  private readonly domain: string;
  private readonly ttl: number;
  private readonly pods: "insecure" | "verified" | "disabled";
  private readonly serial: number;

  constructor(
    private readonly view: ClusterView,
    o: RecordOptions,
  ) {
    this.domain = o.domain.replace(/\.$/, "").toLowerCase();
    this.ttl = o.ttl ?? defaultTTL;
    this.pods = o.pods ?? "insecure";
    this.serial = o.serial ?? Math.floor(Date.now() / 1000);
  }

  /** Whether a name is the cluster's to answer (else it is forwarded). Reverse names are ours only when known. */
  owns(qname: string): boolean {
    const n = qname.replace(/\.$/, "").toLowerCase();
    return n === this.domain || n.endsWith(`.${this.domain}`);
  }

  /** The answer for a query, or undefined when the name is not the cluster's (forward it). */
  lookup(qname: string, qtype: string): Lookup | undefined {
    const name = qname.replace(/\.$/, "");
    const lower = name.toLowerCase();
    if (lower.endsWith(".in-addr.arpa") || lower.endsWith(".ip6.arpa"))
      return this.reverse(name, lower, qtype);
    if (!this.owns(lower)) return undefined;
    const rel = lower === this.domain ? [] : lower.slice(0, -this.domain.length - 1).split(".");
    const found = this.forward(name, rel, qtype);
    if (found === "nxdomain") return this.negative("NXDOMAIN");
    if (found.answers.length === 0) return this.negative("NOERROR");
    return { rcode: "NOERROR", authorities: [], ...found };
  }

  private negative(rcode: Rcode): Lookup {
    return { rcode, answers: [], additionals: [], authorities: [this.soa()] };
  }

  private soa(): Answer {
    return {
      name: this.domain,
      type: "SOA",
      ttl: this.ttl,
      data: {
        mname: `ns.dns.${this.domain}`,
        rname: `hostmaster.${this.domain}`,
        serial: this.serial,
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: this.ttl,
      },
    };
  }

  private addr(name: string, ip: string): Answer {
    return { name, type: isV6(ip) ? "AAAA" : "A", ttl: this.ttl, data: ip };
  }

  private addrs(name: string, ips: string[], qtype: string): Answer[] {
    const want = (ip: string) =>
      (qtype === "A" && !isV6(ip)) || (qtype === "AAAA" && isV6(ip)) || qtype === "ANY";
    return ips.filter(want).map((ip) => this.addr(name, ip));
  }

  private forward(
    name: string,
    rel: string[],
    qtype: string,
  ): "nxdomain" | { answers: Answer[]; additionals: Answer[] } {
    const none = { answers: [] as Answer[], additionals: [] as Answer[] };
    const d = this.domain;
    const n = rel.length;
    if (n === 0) {
      if (qtype === "SOA") return { answers: [this.soa()], additionals: [] };
      if (qtype === "NS")
        return { answers: [{ name, type: "NS", ttl: this.ttl, data: `ns.dns.${d}` }], additionals: [] };
      return none;
    }
    const kind = rel[n - 1];
    if (kind === "svc") {
      if (n === 1) return none;
      const ns = rel[n - 2];
      if (n === 2) return this.view.namespaceKnown(ns) ? none : "nxdomain";
      const svc = this.view.service(ns, rel[n - 3]);
      if (!svc) return "nxdomain";
      const svcName = `${rel[n - 3]}.${ns}.svc.${d}`;
      if (n === 3) return this.serviceRecords(name, svcName, svc, qtype, {});
      if (n === 5 && rel[0].startsWith("_") && rel[1].startsWith("_")) {
        return this.serviceRecords(name, svcName, svc, qtype, {
          port: rel[0].slice(1),
          proto: rel[1].slice(1),
        });
      }
      // <endpoint>.<svc>.<ns>.svc: an endpoint's hostname or dashed IP, for headless and ClusterIP Services.
      if (n === 4) return this.serviceRecords(name, svcName, svc, qtype, { endpoint: rel[0] });
      return "nxdomain";
    }
    if (kind === "pod") {
      if (n === 1) return none;
      const ns = rel[n - 2];
      if (n === 2) return this.view.namespaceKnown(ns) ? none : "nxdomain";
      if (n !== 3 || this.pods === "disabled") return "nxdomain";
      const ip = ipFromDashed(rel[0]);
      if (!ip) return "nxdomain";
      if (this.pods === "verified") {
        const held = this.view.podsByIP?.(ip).some((p) => p.metadata.namespace === ns) ?? false;
        if (!held) return "nxdomain";
      }
      return { answers: this.addrs(name, [ip], qtype), additionals: [] };
    }
    return "nxdomain";
  }

  /**
   * The records of a Service as CoreDNS's findServices builds them: for a ClusterIP Service one per matching
   * port and cluster IP (target: the Service's name); for a headless Service, or when an endpoint is named,
   * one per published endpoint and matching port (target: <endpoint>.<service>). None at all is NXDOMAIN.
   */
  private serviceRecords(
    name: string,
    svcName: string,
    svc: RService,
    qtype: string,
    q: { port?: string; proto?: string; endpoint?: string },
  ): "nxdomain" | { answers: Answer[]; additionals: Answer[] } {
    if (svc.spec?.type === "ExternalName") {
      if (q.port !== undefined || q.endpoint !== undefined) return "nxdomain";
      const target = (svc.spec.externalName ?? "").replace(/\.$/, "");
      if (!target) return "nxdomain";
      return { answers: [{ name, type: "CNAME", ttl: this.ttl, data: target }], additionals: [] };
    }
    const matches = (portName: string | undefined, protocol: string | undefined) =>
      (q.port === undefined || q.port === (portName ?? "").toLowerCase()) &&
      (q.proto === undefined || q.proto === (protocol ?? "TCP").toLowerCase());
    const records: { ip: string; port: number; target: string }[] = [];
    if (isHeadless(svc) || q.endpoint !== undefined) {
      for (const e of endpointAddrs(this.view, svc)) {
        if (q.endpoint !== undefined && e.label !== q.endpoint) continue;
        for (const p of e.ports) {
          if (matches(p.name, p.protocol))
            records.push({ ip: e.ip, port: p.port, target: `${e.label}.${svcName}` });
        }
      }
    } else {
      for (const p of svc.spec?.ports ?? []) {
        if (!matches(p.name, p.protocol)) continue;
        for (const ip of clusterIPs(svc)) records.push({ ip, port: p.port ?? 0, target: svcName });
      }
    }
    if (records.length === 0) return "nxdomain";
    if (qtype === "SRV") {
      const seen = new Set<string>();
      const unique = records.filter((r) => {
        const k = `${r.target}:${r.port}`;
        return seen.has(k) ? false : (seen.add(k), true);
      });
      const weight = Math.floor(100 / unique.length);
      const answers: Answer[] = unique.map((r) => ({
        name,
        type: "SRV",
        ttl: this.ttl,
        data: { priority: 0, weight, port: r.port, target: r.target },
      }));
      const additionals: Answer[] = [];
      const added = new Set<string>();
      for (const r of records) {
        if (added.has(`${r.target}/${r.ip}`)) continue;
        added.add(`${r.target}/${r.ip}`);
        additionals.push(this.addr(r.target, r.ip));
      }
      return { answers, additionals };
    }
    return { answers: this.addrs(name, [...new Set(records.map((r) => r.ip))], qtype), additionals: [] };
  }

  private reverse(name: string, lower: string, qtype: string): Lookup | undefined {
    const ip = ipFromReverse(lower);
    if (!ip) return undefined;
    const targets = new Set<string>();
    for (const s of this.view.servicesByClusterIP(ip)) {
      targets.add(`${s.metadata.name}.${s.metadata.namespace}.svc.${this.domain}`);
    }
    for (const slice of this.view.slicesByAddress(ip)) {
      const svcName = slice.metadata.labels?.["kubernetes.io/service-name"];
      if (!svcName) continue;
      for (const ep of slice.endpoints ?? []) {
        if (!(ep.addresses ?? []).includes(ip)) continue;
        targets.add(`${endpointLabel(ep, ip)}.${svcName}.${slice.metadata.namespace}.svc.${this.domain}`);
      }
    }
    // Unknown addresses fall through to the upstream resolvers (k3s's Corefile: fallthrough in-addr.arpa).
    if (targets.size === 0) return undefined;
    if (qtype !== "PTR" && qtype !== "ANY") return this.negative("NOERROR");
    const answers: Answer[] = [...targets].map((t) => ({ name, type: "PTR", ttl: this.ttl, data: t }));
    return { rcode: "NOERROR", answers, additionals: [], authorities: [] };
  }
}
