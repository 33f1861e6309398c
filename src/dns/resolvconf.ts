// resolv.conf: reading the host's, whose nameservers the cluster DNS forwards to. (A pod's resolv.conf is the
// kubelet's: src/kubelet/network/dns.ts.)
import { readFileSync } from "node:fs";

export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: string[];
}

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
