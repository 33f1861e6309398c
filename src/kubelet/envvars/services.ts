// The service environment variables, as upstream's pkg/kubelet/envvars FromServices and the kubelet's
// getServiceEnvVarMap: <NAME>_SERVICE_HOST/_PORT(_<PORTNAME>) and the Docker-links <NAME>_PORT_<n>_<PROTO>...,
// for the services of the pod's namespace when enableServiceLinks, and always for default/kubernetes.
import type { Service } from "../../api/core/v1/service-types.js";

export interface EnvPair {
  name: string;
  value: string;
}

const masterServices = new Set(["kubernetes"]);

/** upstream IsServiceIPSet: a ClusterIP that is neither empty nor "None". */
export function isServiceIPSet(s: Service): boolean {
  const ip = s.spec?.clusterIP ?? "";
  return ip !== "" && ip !== "None";
}

function envName(s: string): string {
  return s.replace(/-/g, "_").toUpperCase();
}

function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function linkVariables(s: Service): EnvPair[] {
  const prefix = envName(s.metadata?.name ?? "");
  const ip = s.spec?.clusterIP ?? "";
  const out: EnvPair[] = [];
  (s.spec?.ports ?? []).forEach((sp, i) => {
    const protocol = sp.protocol || "TCP";
    const lower = protocol.toLowerCase();
    const port = sp.port ?? 0;
    const url = `${lower}://${joinHostPort(ip, port)}`;
    if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
    const pp = `${prefix}_PORT_${port}_${protocol.toUpperCase()}`;
    out.push(
      { name: pp, value: url },
      { name: `${pp}_PROTO`, value: lower },
      { name: `${pp}_PORT`, value: String(port) },
      { name: `${pp}_ADDR`, value: ip },
    );
  });
  return out;
}

/** upstream envvars.FromServices. */
export function fromServices(services: readonly Service[]): EnvPair[] {
  const out: EnvPair[] = [];
  for (const s of services) {
    if (!isServiceIPSet(s)) continue;
    const ports = s.spec?.ports ?? [];
    if (!ports.length) continue;
    const base = envName(s.metadata?.name ?? "");
    out.push({ name: `${base}_SERVICE_HOST`, value: s.spec?.clusterIP ?? "" });
    const name = `${base}_SERVICE_PORT`;
    out.push({ name, value: String(ports[0].port ?? 0) });
    for (const sp of ports)
      if (sp.name) out.push({ name: `${name}_${envName(sp.name)}`, value: String(sp.port ?? 0) });
    out.push(...linkVariables(s));
  }
  return out;
}

/** upstream getServiceEnvVarMap: which services a pod in `namespace` sees, as env vars. */
export function serviceEnvVarMap(
  services: readonly Service[],
  namespace: string,
  enableServiceLinks: boolean,
): Map<string, string> {
  const byName = new Map<string, Service>();
  for (const s of services) {
    if (!isServiceIPSet(s)) continue;
    const name = s.metadata?.name ?? "";
    const ns = s.metadata?.namespace ?? "";
    if (ns === "default" && masterServices.has(name)) {
      if (!byName.has(name)) byName.set(name, s);
    } else if (ns === namespace && enableServiceLinks) byName.set(name, s);
  }
  const sorted = [...byName.keys()].sort().map((k) => byName.get(k)!);
  return new Map(fromServices(sorted).map((e) => [e.name, e.value]));
}
