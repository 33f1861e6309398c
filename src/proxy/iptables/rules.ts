// kube-proxy's iptables mode as a pure function: the cluster's Service ports (serviceports.ts) and the
// node's options in, the iptables-restore text out, with upstream's chains and rule shapes
// (pkg/proxy/iptables/proxier.go syncProxyRules). The proxier applies it with --noflush: every chain it
// declares is replaced whole, chains not declared are left alone, and stale service chains are deleted.
import {
  externalTrafficChainName,
  serviceFirewallChainName,
  serviceLocalChainName,
  servicePortChainName,
  servicePortEndpointChainName,
} from "./chains.js";
import { usableEndpoints, type ServicePortInfo } from "../serviceports.js";

export interface ProxierOptions {
  /** Pod CIDR: traffic to a cluster IP from outside it is masqueraded (--cluster-cidr). */
  clusterCIDR?: string;
  /** Masquerade all traffic to cluster IPs (--masquerade-all). */
  masqueradeAll?: boolean;
  /** The bit of the packet mark that asks for SNAT (--iptables-masquerade-bit, 14 = 0x4000). */
  masqueradeBit?: number;
  /** NodePorts only on these addresses (--nodeport-addresses); default every local address. */
  nodePortAddresses?: string[];
  /** This node's IPs: a loadBalancerSourceRanges entry covering one lets the node reach its load balancer IPs. */
  nodeIPs?: string[];
  /** MASQUERADE --random-fully (iptables >= 1.6.2). */
  randomFully?: boolean;
}

export interface RuleSet {
  /** The iptables-restore input for the filter and nat tables. */
  text: string;
  /** Every per-service nat chain wanted now (the proxier deletes these on a later sync when gone). */
  natChains: string[];
  /** Each per-service chain's rules, to pass back as `previous` so unchanged chains are not rewritten. */
  chainRules: Map<string, string>;
  /** The per-service chains this text writes, and the stale ones it deletes. */
  written: string[];
  deleted: string[];
  /** The rules outside per-service chains (KUBE-SERVICES, KUBE-NODEPORTS, filter): always written. */
  baseText: string;
}

export const kubeServicesChain = "KUBE-SERVICES";
export const kubeExternalServicesChain = "KUBE-EXTERNAL-SERVICES";
export const kubeNodePortsChain = "KUBE-NODEPORTS";
export const kubePostroutingChain = "KUBE-POSTROUTING";
export const kubeMarkMasqChain = "KUBE-MARK-MASQ";
export const kubeForwardChain = "KUBE-FORWARD";
export const kubeProxyFirewallChain = "KUBE-PROXY-FIREWALL";
export const kubeletFirewallChain = "KUBE-FIREWALL";

export const filterChains = [
  kubeNodePortsChain,
  kubeServicesChain,
  kubeExternalServicesChain,
  kubeletFirewallChain,
  kubeForwardChain,
  kubeProxyFirewallChain,
];
export const natChains = [kubeServicesChain, kubeNodePortsChain, kubePostroutingChain, kubeMarkMasqChain];

/** The rules in built-in chains that send traffic into ours (upstream's iptablesJumpChains). */
export interface JumpRule {
  table: "filter" | "nat";
  from: string;
  args: string[];
}

export const jumpRules: JumpRule[] = [
  ...["INPUT", "FORWARD"].map((from) => ({
    table: "filter" as const,
    from,
    args: [
      "-m",
      "conntrack",
      "--ctstate",
      "NEW",
      "-m",
      "comment",
      "--comment",
      "kubernetes externally-visible service portals",
      "-j",
      kubeExternalServicesChain,
    ],
  })),
  {
    table: "filter",
    from: "INPUT",
    args: ["-m", "comment", "--comment", "kubernetes health check service ports", "-j", kubeNodePortsChain],
  },
  ...["FORWARD", "OUTPUT"].map((from) => ({
    table: "filter" as const,
    from,
    args: [
      "-m",
      "conntrack",
      "--ctstate",
      "NEW",
      "-m",
      "comment",
      "--comment",
      "kubernetes service portals",
      "-j",
      kubeServicesChain,
    ],
  })),
  {
    table: "filter",
    from: "FORWARD",
    args: ["-m", "comment", "--comment", "kubernetes forwarding rules", "-j", kubeForwardChain],
  },
  ...["INPUT", "FORWARD", "OUTPUT"].map((from) => ({
    table: "filter" as const,
    from,
    args: [
      "-m",
      "conntrack",
      "--ctstate",
      "NEW",
      "-m",
      "comment",
      "--comment",
      "kubernetes load balancer firewall",
      "-j",
      kubeProxyFirewallChain,
    ],
  })),
  ...["INPUT", "OUTPUT"].map((from) => ({
    table: "filter" as const,
    from,
    args: ["-j", kubeletFirewallChain],
  })),
  ...["OUTPUT", "PREROUTING"].map((from) => ({
    table: "nat" as const,
    from,
    args: ["-m", "comment", "--comment", "kubernetes service portals", "-j", kubeServicesChain],
  })),
  {
    table: "nat",
    from: "POSTROUTING",
    args: ["-m", "comment", "--comment", "kubernetes postrouting rules", "-j", kubePostroutingChain],
  },
];

/** upstream's computeProbability: 1/n with ten decimals. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

const q = (s: string) => `"${s}"`;

/** One Service port's rules: lines for the shared chains, and its own chains with their rules. */
export interface ServicePortRules {
  filter: string[];
  nat: string[];
  nodePort: string[];
  fwFilter: string[];
  /** Its chains in declaration order, each with its rules joined by newlines. */
  chains: [string, string][];
}

function servicePortRules(sp: ServicePortInfo, o: ProxierOptions): ServicePortRules {
  const filter: string[] = [];
  const nat: string[] = [];
  const nodePortRules: string[] = [];
  const fwFilter: string[] = [];
  const svcChainRules: string[] = [];
  const order: string[] = [];
  const declared = new Set<string>();
  const declare = (c: string) => {
    if (!declared.has(c)) {
      declared.add(c);
      order.push(c);
    }
  };
  const proto = sp.protocol.toLowerCase();
  const m = `-m ${proto} -p ${proto}`;
  const svcChain = servicePortChainName(sp.name, proto);
  const localChain = serviceLocalChainName(sp.name, proto);
  const extChain = externalTrafficChainName(sp.name, proto);
  const clusterEps = usableEndpoints(sp.endpoints, false);
  const localEps = usableEndpoints(sp.endpoints, true);
  const internalEps = sp.internalPolicyLocal ? localEps : clusterEps;
  const externalEps = sp.externalPolicyLocal ? localEps : clusterEps;
  const internalChain = sp.internalPolicyLocal ? localChain : svcChain;
  const hasExternal = sp.nodePort > 0 || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0;
  const usesCluster =
    clusterEps.length > 0 && (!sp.internalPolicyLocal || (hasExternal && !sp.externalPolicyLocal));
  const usesLocal = localEps.length > 0 && (sp.internalPolicyLocal || sp.externalPolicyLocal);
  const usesExt = hasExternal && externalEps.length > 0;

  // Traffic to the cluster IP.
  for (const ip of sp.clusterIPs) {
    if (internalEps.length > 0) {
      nat.push(
        `-A ${kubeServicesChain} -m comment --comment ${q(`${sp.name} cluster IP`)} ${m} -d ${ip} --dport ${sp.port} -j ${internalChain}`,
      );
    } else {
      const why =
        sp.internalPolicyLocal && clusterEps.length > 0 ? "has no local endpoints" : "has no endpoints";
      filter.push(
        `-A ${kubeServicesChain} -m comment --comment ${q(`${sp.name} ${why}`)} ${m} -d ${ip} --dport ${sp.port} -j ${clusterEps.length > 0 ? "DROP" : "REJECT"}`,
      );
    }
  }
  // Traffic from outside: external IPs, load balancer IPs, node ports.
  const extTarget = externalEps.length > 0 ? undefined : clusterEps.length > 0 ? "DROP" : "REJECT";
  const extWhy = extTarget === "DROP" ? "has no local endpoints" : "has no endpoints";
  for (const ip of sp.externalIPs) {
    if (!extTarget)
      nat.push(
        `-A ${kubeServicesChain} -m comment --comment ${q(`${sp.name} external IP`)} ${m} -d ${ip} --dport ${sp.port} -j ${extChain}`,
      );
    else
      filter.push(
        `-A ${kubeExternalServicesChain} -m comment --comment ${q(`${sp.name} ${extWhy}`)} ${m} -d ${ip} --dport ${sp.port} -j ${extTarget}`,
      );
  }
  // Load balancer IPs (upstream's KUBE-EXT, through KUBE-FW when loadBalancerSourceRanges restrict them).
  const fwChain = serviceFirewallChainName(sp.name, proto);
  const usesFW = !extTarget && sp.loadBalancerIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  for (const ip of sp.loadBalancerIPs) {
    if (!extTarget)
      nat.push(
        `-A ${kubeServicesChain} -m comment --comment ${q(`${sp.name} loadbalancer IP`)} ${m} -d ${ip} --dport ${sp.port} -j ${usesFW ? fwChain : extChain}`,
      );
    else
      filter.push(
        `-A ${kubeExternalServicesChain} -m comment --comment ${q(`${sp.name} ${extWhy}`)} ${m} -d ${ip} --dport ${sp.port} -j ${extTarget}`,
      );
    if (usesFW)
      fwFilter.push(
        `-A ${kubeProxyFirewallChain} -m comment --comment ${q(`${sp.name} traffic not accepted by ${fwChain}`)} ${m} -d ${ip} --dport ${sp.port} -j DROP`,
      );
  }
  if (usesFW) {
    declare(fwChain);
    const c = `-A ${fwChain} -m comment --comment ${q(`${sp.name} loadbalancer IP`)}`;
    for (const cidr of sp.loadBalancerSourceRanges) svcChainRules.push(`${c} -s ${cidr} -j ${extChain}`);
    // A VIP that is a local address loops back with the VIP as source: let the node through when a
    // range covers one of its IPs.
    if ((o.nodeIPs ?? []).some((n) => sp.loadBalancerSourceRanges.some((r) => cidrContains(r, n))))
      for (const ip of sp.loadBalancerIPs) svcChainRules.push(`${c} -s ${ip} -j ${extChain}`);
    svcChainRules.push(
      `-A ${fwChain} -m comment --comment ${q(`other traffic to ${sp.name} will be dropped by KUBE-PROXY-FIREWALL`)}`,
    );
  }
  if (sp.nodePort > 0) {
    if (!extTarget)
      nodePortRules.push(
        `-A ${kubeNodePortsChain} -m comment --comment ${sp.name} ${m} --dport ${sp.nodePort} -j ${extChain}`,
      );
    else
      filter.push(
        `-A ${kubeExternalServicesChain} -m comment --comment ${q(`${sp.name} ${extWhy}`)} -m addrtype --dst-type LOCAL ${m} --dport ${sp.nodePort} -j ${extTarget}`,
      );
  }

  if (usesExt) {
    declare(extChain);
    if (!sp.externalPolicyLocal) {
      svcChainRules.push(
        `-A ${extChain} -m comment --comment ${q(`masquerade traffic for ${sp.name} external destinations`)} -j ${kubeMarkMasqChain}`,
      );
      svcChainRules.push(`-A ${extChain} -j ${svcChain}`);
    } else {
      if (o.clusterCIDR && usesCluster) {
        svcChainRules.push(
          `-A ${extChain} -m comment --comment ${q(`pod traffic for ${sp.name} external destinations`)} -s ${o.clusterCIDR} -j ${svcChain}`,
        );
      }
      // Node-local clients (including 127.0.0.1 NodePorts) may use any endpoint, masqueraded.
      svcChainRules.push(
        `-A ${extChain} -m comment --comment ${q(`masquerade LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${kubeMarkMasqChain}`,
      );
      if (usesCluster) {
        svcChainRules.push(
          `-A ${extChain} -m comment --comment ${q(`route LOCAL traffic for ${sp.name} external destinations`)} -m addrtype --src-type LOCAL -j ${svcChain}`,
        );
      }
      svcChainRules.push(`-A ${extChain} -j ${localChain}`);
    }
  }

  const endpointChains = (eps: typeof clusterEps, chain: string, masq: boolean) => {
    declare(chain);
    if (masq) {
      for (const ip of sp.clusterIPs) {
        if (o.masqueradeAll) {
          svcChainRules.push(
            `-A ${chain} -m comment --comment ${q(`${sp.name} cluster IP`)} ${m} -d ${ip} --dport ${sp.port} -j ${kubeMarkMasqChain}`,
          );
        } else if (o.clusterCIDR) {
          svcChainRules.push(
            `-A ${chain} -m comment --comment ${q(`${sp.name} cluster IP`)} ${m} -d ${ip} --dport ${sp.port} ! -s ${o.clusterCIDR} -j ${kubeMarkMasqChain}`,
          );
        }
      }
    }
    const seps = eps.map((e) => {
      const hostPort = `${e.ip}:${e.port}`;
      return { e, hostPort, chain: servicePortEndpointChainName(sp.name, proto, hostPort) };
    });
    if (sp.stickySeconds > 0) {
      for (const s of seps) {
        svcChainRules.push(
          `-A ${chain} -m comment --comment ${q(`${sp.name} -> ${s.hostPort}`)} -m recent --name ${s.chain} --rcheck --seconds ${sp.stickySeconds} --reap -j ${s.chain}`,
        );
      }
    }
    seps.forEach((s, i) => {
      const left = seps.length - i;
      const stat = left > 1 ? ` -m statistic --mode random --probability ${probability(left)}` : "";
      svcChainRules.push(
        `-A ${chain} -m comment --comment ${q(`${sp.name} -> ${s.hostPort}`)}${stat} -j ${s.chain}`,
      );
    });
    for (const s of seps) {
      if (declared.has(s.chain)) continue;
      declare(s.chain);
      // Hairpin: a pod reaching itself through the Service must be masqueraded to get the reply.
      svcChainRules.push(
        `-A ${s.chain} -m comment --comment ${sp.name} -s ${s.e.ip} -j ${kubeMarkMasqChain}`,
      );
      const recent = sp.stickySeconds > 0 ? ` -m recent --name ${s.chain} --set` : "";
      svcChainRules.push(
        `-A ${s.chain} -m comment --comment ${sp.name}${recent} ${m} -j DNAT --to-destination ${s.hostPort}`,
      );
    }
  };
  if (usesCluster) endpointChains(clusterEps, svcChain, true);
  if (usesLocal) endpointChains(localEps, localChain, sp.internalPolicyLocal);
  const byChain = new Map<string, string[]>(order.map((c) => [c, []]));
  for (const rule of svcChainRules) byChain.get(rule.slice(3, rule.indexOf(" ", 3)))!.push(rule);
  return {
    filter,
    nat,
    nodePort: nodePortRules,
    fwFilter,
    chains: order.map((c) => [c, byChain.get(c)!.join("\n")]),
  };
}

/**
 * Per-Service-port rules remembered between syncs: a port whose model (endpoints, IPs, policies) and the
 * options are unchanged reuses its lines instead of building them again; ports gone are forgotten.
 */
export class ServicePortRuleCache {
  private entries = new Map<string, { sig: string; rules: ServicePortRules }>();
  private seen = new Set<string>();
  private optsSig = "";

  get(sp: ServicePortInfo, o: ProxierOptions): ServicePortRules {
    const os = JSON.stringify(o);
    if (os !== this.optsSig) {
      this.entries.clear();
      this.optsSig = os;
    }
    const key = `${sp.name}/${sp.protocol}`;
    const sig = JSON.stringify(sp);
    this.seen.add(key);
    const hit = this.entries.get(key);
    if (hit && hit.sig === sig) return hit.rules;
    const rules = servicePortRules(sp, o);
    this.entries.set(key, { sig, rules });
    return rules;
  }

  /** Forgets the ports not asked for since the last call. */
  sweep(): void {
    for (const k of this.entries.keys()) if (!this.seen.has(k)) this.entries.delete(k);
    this.seen.clear();
  }
}

/**
 * The rule set. `staleChains` are service chains present in the kernel from an earlier sync; those no
 * longer wanted are flushed and deleted in the same transaction. With `previous` (the chainRules of the
 * last applied set) a per-service chain whose rules are unchanged is left out, so --noflush keeps it as it
 * is (upstream's MinimizeIPTablesRestore: a sync writes only what changed; the periodic sync is full).
 */
export function buildRules(
  ports: ServicePortInfo[],
  o: ProxierOptions = {},
  staleChains: Iterable<string> = [],
  previous?: ReadonlyMap<string, string>,
  cache?: ServicePortRuleCache,
): RuleSet {
  const mark = `0x${(1 << (o.masqueradeBit ?? 14)).toString(16)}`;
  const filter: string[] = [];
  const nat: string[] = [];
  const natChainsOut: string[] = [];
  const byChain = new Map<string, string>();
  const nodePortRules: string[] = [];
  const fwFilter: string[] = [];

  for (const sp of ports) {
    const r = cache ? cache.get(sp, o) : servicePortRules(sp, o);
    filter.push(...r.filter);
    nat.push(...r.nat);
    nodePortRules.push(...r.nodePort);
    fwFilter.push(...r.fwFilter);
    for (const [c, rules] of r.chains) {
      if (byChain.has(c)) continue;
      natChainsOut.push(c);
      byChain.set(c, rules);
    }
  }

  // Node ports last in KUBE-SERVICES, on local addresses (or only the configured ones).
  const npComment = q("kubernetes service nodeports; NOTE: this must be the last rule in this chain");
  if (o.nodePortAddresses?.length) {
    for (const ip of o.nodePortAddresses)
      nat.push(`-A ${kubeServicesChain} -m comment --comment ${npComment} -d ${ip} -j ${kubeNodePortsChain}`);
  } else {
    nat.push(
      `-A ${kubeServicesChain} -m comment --comment ${npComment} -m addrtype --dst-type LOCAL -j ${kubeNodePortsChain}`,
    );
  }

  cache?.sweep();
  const stale = [...new Set(staleChains)].filter((c) => !byChain.has(c)).sort();
  const chainRules = new Map(byChain);
  const unchanged = (c: string) => previous !== undefined && previous.get(c) === chainRules.get(c);
  const written = natChainsOut.filter((c) => !unchanged(c));
  // The shared chains, each as a whole; with `previous`, one whose rules are unchanged is left out too.
  const group = (chains: string[], rules: string[]) => {
    const by = new Map<string, string[]>(chains.map((c) => [c, []]));
    for (const r of rules) by.get(r.slice(3, r.indexOf(" ", 3)))?.push(r);
    return by;
  };
  const filterBase = group(filterChains, [
    `-A ${kubeletFirewallChain} -m comment --comment ${q("block incoming localnet connections")} -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
    ...filter,
    ...fwFilter,
    `-A ${kubeForwardChain} -m conntrack --ctstate INVALID -j DROP`,
    `-A ${kubeForwardChain} -m comment --comment ${q("kubernetes forwarding rules")} -m mark --mark ${mark}/${mark} -j ACCEPT`,
    `-A ${kubeForwardChain} -m comment --comment ${q("kubernetes forwarding conntrack rule")} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  ]);
  const natBase = group(natChains, [
    ...nodePortRules,
    ...nat,
    `-A ${kubeMarkMasqChain} -j MARK --or-mark ${mark}`,
    `-A ${kubePostroutingChain} -m mark ! --mark ${mark}/${mark} -j RETURN`,
    `-A ${kubePostroutingChain} -j MARK --xor-mark ${mark}`,
    `-A ${kubePostroutingChain} -m comment --comment ${q("kubernetes service traffic requiring SNAT")} -j MASQUERADE${o.randomFully === false ? "" : " --random-fully"}`,
  ]);
  const baseParts: string[] = [];
  const lines: string[] = ["*filter"];
  const emitBase = (
    table: string,
    by: Map<string, string[]>,
    bodyOrder: string[],
    decls: string[],
    body: string[],
  ) => {
    const bodies = new Map<string, string>();
    for (const [c, rules] of by) {
      const text = rules.join("\n");
      const key = `${table}/${c}`;
      chainRules.set(key, text);
      baseParts.push(`${key}\n${text}`);
      if (previous !== undefined && previous.get(key) === text) continue;
      decls.push(`:${c} - [0:0]`);
      if (text) bodies.set(c, text);
    }
    for (const c of bodyOrder) if (bodies.has(c)) body.push(bodies.get(c)!);
  };
  const filterBody: string[] = [];
  emitBase(
    "filter",
    filterBase,
    [
      kubeletFirewallChain,
      kubeServicesChain,
      kubeExternalServicesChain,
      kubeNodePortsChain,
      kubeProxyFirewallChain,
      kubeForwardChain,
    ],
    lines,
    filterBody,
  );
  lines.push(...filterBody, "COMMIT", "*nat");
  const natBody: string[] = [];
  emitBase(
    "nat",
    natBase,
    [kubeNodePortsChain, kubeServicesChain, kubeMarkMasqChain, kubePostroutingChain],
    lines,
    natBody,
  );
  const baseText = baseParts.join("\n");
  for (const c of [...written, ...stale]) lines.push(`:${c} - [0:0]`);
  lines.push(...natBody);
  for (const c of written) {
    const rules = byChain.get(c)!;
    if (rules) lines.push(rules);
  }
  for (const c of stale) lines.push(`-X ${c}`);
  lines.push("COMMIT", "");
  return { text: lines.join("\n"), natChains: natChainsOut, chainRules, written, deleted: stale, baseText };
}

/**
 * Chains in one restore above which the nft backend is told to fetch the table's whole chain cache.
 * iptables-nft's restore (1.8.7+) gathers the chain names each command mentions into a sorted linked list,
 * inserting linearly, so a restore naming n chains costs O(n²) string compares: 4 s of CPU for 1,000
 * Services × 10 endpoints (11,000 chains). A command that names no chain makes it fetch every chain instead
 * and stop gathering; `-S` (list the table's rules) is one that changes nothing. Its output is discarded.
 */
export const fullChainCacheThreshold = 200;

/** The restore text with a chainless read-only command first in the nat table (see above). */
export function withFullChainCache(text: string): string {
  return text.replace(/^\*nat$/m, "*nat\n-S");
}

/** Whether an IPv4 CIDR ("a.b.c.d/n", or a bare address) contains an IPv4 address. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsS] = cidr.split("/");
  const bits = bitsS === undefined ? 32 : Number(bitsS);
  const toInt = (a: string) => {
    const p = a.split(".").map(Number);
    if (p.length !== 4 || p.some((x) => !(x >= 0 && x <= 255))) return undefined;
    return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
  };
  const b = toInt(base);
  const i = toInt(ip);
  if (b === undefined || i === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (b & mask) === (i & mask);
}

/** The restore text that empties and deletes every chain of ours (after the jump rules are removed). */
export function cleanupRules(serviceChains: Iterable<string>): string {
  const svc = [...new Set(serviceChains)].sort();
  const lines = [
    "*filter",
    ...filterChains.map((c) => `:${c} - [0:0]`),
    ...filterChains.map((c) => `-X ${c}`),
    "COMMIT",
    "*nat",
  ];
  lines.push(...[...natChains, ...svc].map((c) => `:${c} - [0:0]`));
  lines.push(...[...natChains, ...svc].map((c) => `-X ${c}`));
  lines.push("COMMIT", "");
  return lines.join("\n");
}
