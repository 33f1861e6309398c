// The resolv.conf a pod gets, as upstream's pkg/kubelet/network/dns (Configurer.GetPodDNS): the DNS type from
// dnsPolicy and hostNetwork, the cluster DNS with the <ns>.svc.<domain> search path and ndots:5, the node's
// resolv.conf for Default, nothing for None; pod.spec.dnsConfig merged in; then upstream's limits (3
// nameservers, 32 search paths of at most 253 characters, 2048 characters in all) with a DNSConfigForming
// warning when something had to be dropped.
import { readFileSync } from "node:fs";
import type { Pod } from "../../api/core/v1/pod.js";
import type { PodDNSConfigOption } from "../../api/core/v1/podspec.js";
import type { DNSConfig } from "../../runtime/cri.js";

/** validation.MaxDNSNameservers, MaxDNSSearchPaths, MaxDNSSearchListChars; DNS1123SubdomainMaxLength. */
export const maxDNSNameservers = 3;
export const maxDNSSearchPaths = 32;
export const maxDNSSearchListChars = 2048;
const maxSearchLength = 253;
const defaultDNSOptions = ["ndots:5"];

export type PodDNSType = "ClusterFirst" | "Host" | "None";

/** An event the caller records on the pod (upstream records these from inside the configurer). */
export interface DNSEvent {
  type: "Warning";
  reason: "MissingClusterDNS" | "DNSConfigForming";
  message: string;
}

/** upstream parseResolvConf: nameserver lines add up, the last search line wins (trailing dots trimmed,
 * "." dropped), options merge by name. */
export function parseResolvConf(text: string): DNSConfig {
  const out: DNSConfig = { servers: [], searches: [], options: [] };
  for (const raw of text.split("\n")) {
    const hash = raw.indexOf("#");
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!line || line.startsWith(";")) continue;
    const [key, ...fields] = line.split(/\s+/);
    if (key === "nameserver" && fields[0]) out.servers.push(fields[0]);
    else if (key === "search")
      out.searches = fields.filter((s) => s !== ".").map((s) => s.replace(/\.$/, ""));
    else if (key === "options") out.options = mergeOptionStrings(out.options, fields);
  }
  return out;
}

/** The resolv.conf text of a DNSConfig, in the order containerd writes it. */
export function formatResolvConf(c: DNSConfig): string {
  const lines: string[] = [];
  if (c.searches.length) lines.push(`search ${c.searches.join(" ")}`);
  for (const s of c.servers) lines.push(`nameserver ${s}`);
  if (c.options.length) lines.push(`options ${c.options.join(" ")}`);
  return lines.join("\n") + "\n";
}

function splitOption(o: string): [string, string] {
  const i = o.indexOf(":");
  return i < 0 ? [o, ""] : [o.slice(0, i), o.slice(i + 1)];
}

function joinOptions(m: Map<string, string>): string[] {
  return [...m].map(([k, v]) => (v ? `${k}:${v}` : k));
}

function mergeOptionStrings(base: string[], extra: string[]): string[] {
  const m = new Map(base.map(splitOption));
  for (const o of extra) {
    const [k, v] = splitOption(o);
    m.set(k, v);
  }
  return joinOptions(m);
}

/** upstream mergeDNSOptions: the pod's options replace the generated ones of the same name. */
function mergeDNSOptions(existing: string[], podOptions: readonly PodDNSConfigOption[]): string[] {
  const m = new Map(existing.map(splitOption));
  for (const o of podOptions) m.set(o.name ?? "", o.value ?? "");
  return joinOptions(m);
}

const omitDuplicates = (v: string[]): string[] => [...new Set(v)];

/** upstream getPodDNSType. */
export function podDNSType(pod: Pod, clusterDNS: string[]): { type: PodDNSType; event?: DNSEvent } {
  const policy = pod.spec?.dnsPolicy || "ClusterFirst";
  let cluster = false;
  if (policy === "None") return { type: "None" };
  if (policy === "ClusterFirstWithHostNet") cluster = true;
  else if (policy === "ClusterFirst") cluster = !pod.spec?.hostNetwork;
  if (!cluster) return { type: "Host" };
  if (clusterDNS.length === 0) {
    return {
      type: "Host",
      event: {
        type: "Warning",
        reason: "MissingClusterDNS",
        message: `pod: "${pod.metadata?.name ?? ""}_${pod.metadata?.namespace ?? ""}(${pod.metadata?.uid ?? ""})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`,
      },
    };
  }
  return { type: "ClusterFirst" };
}

function fitSearches(searches: string[]): { searches: string[]; exceeded: boolean } {
  let exceeded = false;
  let s = searches;
  if (s.length > maxDNSSearchPaths) {
    s = s.slice(0, maxDNSSearchPaths);
    exceeded = true;
  }
  // glibc aborts on a search path over 255 characters: such paths are dropped.
  const kept = s.filter((d) => d.length <= maxSearchLength);
  if (kept.length !== s.length) exceeded = true;
  s = kept;
  let len = s.join(" ").length;
  while (len > maxDNSSearchListChars && s.length) {
    len -= s[s.length - 1].length + 1;
    s = s.slice(0, -1);
    exceeded = true;
  }
  return { searches: s, exceeded };
}

export interface PodDNSOptions {
  clusterDNS: string[];
  clusterDomain: string;
  /** The node's resolv.conf path (kubelet --resolv-conf), default /etc/resolv.conf; "" means none: Default
   * pods then get 127.0.0.1 and the search "." as upstream. */
  hostResolvConf?: string;
}

export type PodDNSResult =
  { ok: true; config: DNSConfig | undefined; events?: DNSEvent[] } | { ok: false; message: string };

/** upstream Configurer.GetPodDNS. */
export function podDNSConfig(pod: Pod, o: PodDNSOptions): PodDNSResult {
  const path = o.hostResolvConf ?? "/etc/resolv.conf";
  let host: DNSConfig = { servers: [], searches: [], options: [] };
  if (path !== "") {
    try {
      host = parseResolvConf(readFileSync(path, "utf8"));
    } catch (e) {
      return {
        ok: false,
        message: `open ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`,
      };
    }
  }
  const events: DNSEvent[] = [];
  const t = podDNSType(pod, o.clusterDNS);
  if (t.event) events.push(t.event);
  let c: DNSConfig;
  if (t.type === "None") c = { servers: [], searches: [], options: [] };
  else if (t.type === "ClusterFirst") {
    const ns = pod.metadata?.namespace || "default";
    const searches = o.clusterDomain
      ? omitDuplicates([
          `${ns}.svc.${o.clusterDomain}`,
          `svc.${o.clusterDomain}`,
          o.clusterDomain,
          ...host.searches,
        ])
      : host.searches;
    c = { servers: [...o.clusterDNS], searches, options: [...defaultDNSOptions] };
  } else {
    c = { servers: [...host.servers], searches: [...host.searches], options: [...host.options] };
    if (path === "") {
      // No resolv.conf: the resolver's own default (the local machine), and no search path.
      c.servers = ["127.0.0.1"];
      c.searches = ["."];
    }
  }
  const dc = pod.spec?.dnsConfig;
  if (dc) {
    c.servers = omitDuplicates([...c.servers, ...(dc.nameservers ?? [])]);
    c.searches = omitDuplicates([...c.searches, ...(dc.searches ?? [])]);
    c.options = mergeDNSOptions(c.options, dc.options ?? []);
  }
  if (c.servers.length > maxDNSNameservers) {
    c.servers = c.servers.slice(0, maxDNSNameservers);
    events.push({
      type: "Warning",
      reason: "DNSConfigForming",
      message: `Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: ${c.servers.join(" ")}`,
    });
  }
  const fit = fitSearches(c.searches);
  c.searches = fit.searches;
  if (fit.exceeded) {
    events.push({
      type: "Warning",
      reason: "DNSConfigForming",
      message: `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${c.searches.join(" ")}`,
    });
  }
  return events.length ? { ok: true, config: c, events } : { ok: true, config: c };
}
