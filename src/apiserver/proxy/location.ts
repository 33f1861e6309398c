// Where pods/proxy and services/proxy send a request, as upstream's ResourceLocation for pods
// (pkg/registry/core/pod/strategy.go) and for services (pkg/registry/core/service/storage/storage.go):
// the name in the path is `[scheme:]name[:port]`, and the location is a pod IP and port, straight from
// the API server (no kubelet in between).
import { badRequest, serviceUnavailable } from "../errors.js";

type Json = Record<string, any>;

export interface ProxyLocation {
  scheme: "http" | "https";
  /** An IP address (v6 without brackets). */
  host: string;
  /** Empty: the scheme's default port. */
  port: string;
}

export interface SchemeNamePort {
  scheme: "" | "http" | "https";
  name: string;
  port: string;
}

/** upstream utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port"; undefined when invalid. */
export function splitSchemeNamePort(id: string): SchemeNamePort | undefined {
  const parts = id.split(":");
  let scheme = "";
  let name: string;
  let port = "";
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else return undefined;
  if (!name || (scheme !== "" && scheme !== "http" && scheme !== "https")) return undefined;
  return { scheme, name, port };
}

/** Go's net.IP.IsGlobalUnicast: not unspecified, loopback, multicast, link-local or the v4 broadcast. */
export function isGlobalUnicast(ip: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const b = v4.slice(1).map(Number);
    if (b.some((x) => x > 255)) return false;
    if (b.every((x) => x === 0) || b.every((x) => x === 255)) return false;
    return b[0] !== 127 && b[0] < 224 && !(b[0] === 169 && b[1] === 254);
  }
  if (!ip.includes(":") || !/^[0-9a-fA-F:.]+$/.test(ip)) return false;
  const lower = ip.toLowerCase();
  if (/^::f{4}:\d/.test(lower)) return isGlobalUnicast(lower.slice(7));
  if (lower === "::" || lower === "::1") return false;
  // ff00::/8 multicast, fe80::/10 link-local
  return !lower.startsWith("ff") && !/^fe[89ab]/.test(lower);
}

/** status.podIPs, or podIP alone (as upstream's conversion fills podIPs from it). */
function podIPs(pod: Json | undefined): string[] {
  const ips = ((pod?.status?.podIPs ?? []) as Json[]).map((p) => p.ip as string).filter(Boolean);
  if (ips.length === 0 && pod?.status?.podIP) ips.push(pod.status.podIP as string);
  return ips;
}

const containerPortByName = (pod: Json, name: string): number | undefined => {
  for (const c of (pod.spec?.containers ?? []) as Json[])
    for (const p of (c.ports ?? []) as Json[]) if (p.name === name) return p.containerPort as number;
  return undefined;
};

/**
 * pods/{id}/proxy: the pod's IP and the port the id names, else the first container port. `allowed`
 * is upstream's IsGlobalUnicast check on the pod IP (tests let loopback through).
 */
export function podLocation(
  pod: Json,
  id: SchemeNamePort,
  allowed: (ip: string) => boolean = isGlobalUnicast,
): ProxyLocation {
  let port = id.port;
  if (port === "") {
    for (const c of (pod.spec?.containers ?? []) as Json[])
      if (c.ports?.length) {
        port = String(c.ports[0].containerPort);
        break;
      }
  } else if (!/^\d+$/.test(port)) {
    // Upstream hands the name to Go's dialer as is, which cannot use it; a container port's name is meant.
    const byName = containerPortByName(pod, port);
    if (byName === undefined)
      throw badRequest(`no container port named "${port}" in pod "${pod.metadata?.name as string}"`);
    port = String(byName);
  }
  const podIP = podIPs(pod)[0] ?? "";
  if (!podIP || !allowed(podIP)) throw badRequest("address not allowed");
  return { scheme: id.scheme || "http", host: podIP, port };
}

export interface ServiceLocationDeps {
  /** The Service (NotFound as a StatusError); read only when the id names a port by number. */
  getService(name: string): Promise<Json>;
  /** The Endpoints of the service (NotFound as a StatusError). */
  getEndpoints(name: string): Promise<Json>;
  /** A pod of the service's namespace, or undefined when there is none. */
  findPod(name: string): Promise<Json | undefined>;
  /** [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}

/**
 * services/{id}/proxy: a ready address of the service's Endpoints for the port the id names (by
 * service port number or by port name; unnamed when absent), whose pod still has that IP. Upstream
 * reads Endpoints, not EndpointSlices, and so does this.
 */
export async function serviceLocation(
  namespace: string,
  rawId: string,
  id: SchemeNamePort,
  deps: ServiceLocationDeps,
): Promise<ProxyLocation> {
  let portName = id.port;
  if (/^[+-]?\d+$/.test(id.port)) {
    const svc = await deps.getService(id.name);
    const n = Number(id.port);
    const sp = ((svc.spec?.ports ?? []) as Json[]).find((p) => p.port === n);
    if (!sp) throw serviceUnavailable(`no service port ${n} found for service "${id.name}"`);
    portName = (sp.name as string | undefined) ?? "";
  }
  const eps = await deps.getEndpoints(id.name);
  const subsets = (eps.subsets ?? []) as Json[];
  if (subsets.length === 0) throw serviceUnavailable(`no endpoints available for service "${id.name}"`);
  const random = deps.random ?? Math.random;
  const start = Math.floor(random() * subsets.length);
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(start + i) % subsets.length];
    const addresses = (ss.addresses ?? []) as Json[];
    if (addresses.length === 0) continue;
    for (const p of (ss.ports ?? []) as Json[]) {
      if (((p.name as string | undefined) ?? "") !== portName) continue;
      const first = Math.floor(random() * addresses.length);
      for (let t = 0; t < addresses.length; t++) {
        const addr = addresses[(first + t) % addresses.length];
        if (await isValidAddress(namespace, addr, deps)) {
          return { scheme: id.scheme || "http", host: addr.ip as string, port: String(p.port) };
        }
      }
    }
  }
  throw serviceUnavailable(`no endpoints available for service "${rawId}"`);
}

/** upstream isValidAddress: the address names a pod of this namespace that has the address's IP. */
async function isValidAddress(namespace: string, addr: Json, deps: ServiceLocationDeps): Promise<boolean> {
  const ref = addr.targetRef as Json | undefined;
  if (!ref || (ref.namespace ?? "") !== namespace) return false;
  const pod = await deps.findPod(ref.name as string);
  return podIPs(pod).includes(addr.ip as string);
}
