// resolv.conf: reading the host's (for forwarding and dnsPolicy Default) and building a pod's, as the
// kubelet does (pkg/kubelet/network/dns): ClusterFirst gets the cluster DNS, the search path
// <ns>.svc.<domain> svc.<domain> <domain> and ndots:5; Default gets the host's; None gets only dnsConfig;
// dnsConfig then merges nameservers, searches and options (options by name, later ones win).
import { readFileSync } from "node:fs";
import type { Pod } from "../api/core/v1/pod.js";
import type { DeepReadonly } from "../client/informer/cache.js";

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

/** Upstream's limits (validation.MaxDNSSearchPaths etc.): 3 nameservers, 32 search domains. */
const maxNameservers = 3;
const maxSearches = 32;

export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split("\n")) {
    const line = raw.replace(/[#;].*$/, "").trim();
    if (!line) continue;
    const [key, ...rest] = line.split(/\s+/);
    if (key === "nameserver" && rest[0]) out.nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") out.searches = rest.filter((s) => s !== ".");
    else if (key === "options") out.options.push(...rest);
  }
  return out;
}

export function readHostResolvConf(path = "/etc/resolv.conf"): ResolvConf {
  try {
    return parseResolvConf(readFileSync(path, "utf8"));
  } catch {
    return { nameservers: [], searches: [], options: [] };
  }
}

export function formatResolvConf(c: ResolvConf): string {
  const lines: string[] = [];
  if (c.searches.length) lines.push(`search ${c.searches.join(" ")}`);
  for (const ns of c.nameservers) lines.push(`nameserver ${ns}`);
  if (c.options.length) lines.push(`options ${c.options.join(" ")}`);
  return lines.join("\n") + "\n";
}

function mergeOptions(base: string[], extra: { name?: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const o of base) {
    const [name, value] = o.split(":", 2);
    byName.set(name, value === undefined ? name : `${name}:${value}`);
  }
  for (const o of extra) {
    if (!o.name) continue;
    byName.set(o.name, o.value !== undefined && o.value !== "" ? `${o.name}:${o.value}` : o.name);
  }
  return [...byName.values()];
}

/**
 * The resolv.conf a pod gets. `clusterDNS` are the cluster DNS Service IPs (10.43.0.10); `host` is the
 * node's own resolv.conf (Default policy, and hostNetwork pods under ClusterFirst).
 */
export function podResolvConf(
  pod: DeepReadonly<Pod>,
  clusterDNS: string[],
  domain: string,
  host: ResolvConf = readHostResolvConf(),
): ResolvConf {
  const ns = pod.metadata?.namespace || "default";
  let policy = pod.spec?.dnsPolicy || "ClusterFirst";
  // ClusterFirst with hostNetwork means Default, as the kubelet's getPodDNSType does.
  if (policy === "ClusterFirst" && pod.spec?.hostNetwork) policy = "Default";
  if (policy === "ClusterFirstWithHostNet") policy = "ClusterFirst";
  let conf: ResolvConf;
  if (policy === "None") conf = { nameservers: [], searches: [], options: [] };
  else if (policy === "Default" || clusterDNS.length === 0) {
    conf = { nameservers: [...host.nameservers], searches: [...host.searches], options: [...host.options] };
  } else {
    conf = {
      nameservers: [...clusterDNS],
      searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches],
      options: ["ndots:5"],
    };
  }
  const cfg = pod.spec?.dnsConfig;
  if (cfg) {
    conf.nameservers = [...new Set([...conf.nameservers, ...(cfg.nameservers ?? [])])];
    conf.searches = [...new Set([...conf.searches, ...(cfg.searches ?? [])])];
    conf.options = mergeOptions(conf.options, (cfg.options ?? []) as { name?: string; value?: string }[]);
  }
  conf.nameservers = conf.nameservers.slice(0, maxNameservers);
  conf.searches = [...new Set(conf.searches)].slice(0, maxSearches);
  return conf;
}
