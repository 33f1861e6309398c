// The pod's /etc/hosts, as upstream's managedHostsFileContent / nodeHostsFileContent (kubelet_pods.go): a
// header, localhost and the IPv6 names, one line per pod IP with the FQDN when there is a domain, then the
// hostAliases, one line per IP with its names tab-separated.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { HostAlias } from "../../api/core/v1/podspec.js";
import type { Mount } from "../../runtime/cri.js";

export const managedHostsHeader = "# Kubernetes-managed hosts file.\n";
export const managedHostsHeaderWithHostNetwork = "# Kubernetes-managed hosts file (host network).\n";

/** upstream hostsEntriesFromHostAliases. */
export function hostsEntriesFromHostAliases(hostAliases: readonly HostAlias[] | undefined): string {
  if (!hostAliases?.length) return "";
  let out = "\n# Entries added by HostAliases.\n";
  for (const a of hostAliases) out += `${a.ip ?? ""}\t${(a.hostnames ?? []).join("\t")}\n`;
  return out;
}

export function etcHostsContent(o: {
  podIPs: string[];
  hostname: string;
  hostDomain: string;
  hostAliases?: HostAlias[];
}): string {
  let out = managedHostsHeader;
  out += "127.0.0.1\tlocalhost\n";
  out += "::1\tlocalhost ip6-localhost ip6-loopback\n";
  out += "fe00::0\tip6-localnet\n";
  out += "fe00::0\tip6-mcastprefix\n";
  out += "fe00::1\tip6-allnodes\n";
  out += "fe00::2\tip6-allrouters\n";
  for (const ip of o.podIPs) {
    out += o.hostDomain ? `${ip}\t${o.hostname}.${o.hostDomain}\t${o.hostname}\n` : `${ip}\t${o.hostname}\n`;
  }
  return out + hostsEntriesFromHostAliases(o.hostAliases);
}

/** A hostNetwork pod's /etc/hosts: the node's own file (its text passed in) under a header, plus hostAliases. */
export function etcHostsContentHostNetwork(nodeHostsFile: string, hostAliases?: HostAlias[]): string {
  return managedHostsHeaderWithHostNetwork + nodeHostsFile + hostsEntriesFromHostAliases(hostAliases);
}

/** upstream shouldMountHostsFile: a pod on the pod network once it has an IP, or a hostNetwork pod. */
export function shouldMountHostsFile(pod: Pod, podIPs: string[]): boolean {
  return podIPs.length > 0 || !!pod.spec?.hostNetwork;
}

/** upstream makeHostsMount: writes <podDir>/etc-hosts (0644) and returns the /etc/hosts mount, unless the
 * container mounts something at /etc/hosts itself (then undefined). */
export function makeHostsMount(
  podDir: string,
  container: Container,
  o: {
    podIPs: string[];
    hostname: string;
    hostDomain: string;
    hostAliases?: HostAlias[];
    hostNetwork?: boolean;
    /** The node's hosts file for hostNetwork pods (default /etc/hosts). */
    nodeHostsPath?: string;
  },
): Mount | undefined {
  if ((container.volumeMounts ?? []).some((m) => m.mountPath === "/etc/hosts")) return undefined;
  const content = o.hostNetwork
    ? etcHostsContentHostNetwork(readFileSync(o.nodeHostsPath ?? "/etc/hosts", "utf8"), o.hostAliases)
    : etcHostsContent(o);
  const file = join(podDir, "etc-hosts");
  mkdirSync(podDir, { recursive: true, mode: 0o750 });
  writeFileSync(file, content, { mode: 0o644 });
  chmodSync(file, 0o644);
  return { containerPath: "/etc/hosts", hostPath: file, readonly: false };
}
