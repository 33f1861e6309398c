// A pod's hostname and domain, as upstream's GeneratePodHostNameAndDomain (kubelet_pods.go): the pod name or
// spec.hostname (a DNS label), capped at 63 characters without a trailing '-' or '.'; with spec.subdomain the
// domain is <subdomain>.<namespace>.svc.<cluster domain>.
import type { Pod } from "../../api/core/v1/pod.js";
import { isDNS1123Label } from "../../api/validation/names.js";

const hostnameMaxLen = 63;

/** upstream truncatePodHostnameIfNeeded. */
export function truncatePodHostname(
  podName: string,
  hostname: string,
): { hostname: string } | { error: string } {
  if (hostname.length <= hostnameMaxLen) return { hostname };
  const truncated = hostname.slice(0, hostnameMaxLen).replace(/[-.]+$/, "");
  if (!truncated) return { error: `hostname for pod "${podName}" was invalid: "${hostname}"` };
  return { hostname: truncated };
}

export function podHostnameAndDomain(
  pod: Pod,
  clusterDomain: string,
): { hostname: string; hostDomain: string } | { error: string } {
  const name = pod.metadata?.name ?? "";
  let hostname = name;
  const specHostname = pod.spec?.hostname ?? "";
  if (specHostname) {
    const msgs = isDNS1123Label(specHostname);
    if (msgs.length)
      return { error: `pod Hostname "${specHostname}" is not a valid DNS label: ${msgs.join(";")}` };
    hostname = specHostname;
  }
  const t = truncatePodHostname(name, hostname);
  if ("error" in t) return t;
  let hostDomain = "";
  const subdomain = pod.spec?.subdomain ?? "";
  if (subdomain) {
    const msgs = isDNS1123Label(subdomain);
    if (msgs.length)
      return { error: `pod Subdomain "${subdomain}" is not a valid DNS label: ${msgs.join(";")}` };
    hostDomain = `${subdomain}.${pod.metadata?.namespace ?? ""}.svc.${clusterDomain}`;
  }
  return { hostname: t.hostname, hostDomain };
}
