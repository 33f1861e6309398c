// Services get their cluster IPs and node ports from the API server (upstream's service REST "alloc"):
// IP families default for a single-stack IPv4 cluster, a free cluster IP comes from the service CIDR (the
// dynamic upper part first, as upstream, so low static addresses such as .1 and .10 stay free), node ports
// from 30000-32767. What is taken is read from the services cache plus allocations still in flight.
import { randomInt } from "node:crypto";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { invalid as fieldInvalid, type FieldError } from "../../api/validation/field.js";
import { invalid } from "../errors.js";
import type { ResourceInfo } from "./resource.js";

export interface ServiceRanges {
  /** e.g. "10.43.0.0/16" */
  clusterIPRange: string;
  /** e.g. "30000-32767" */
  nodePortRange: string;
}

export const defaultServiceRanges: ServiceRanges = {
  clusterIPRange: "10.43.0.0/16",
  nodePortRange: "30000-32767",
};

type Json = Record<string, any>;

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

const intToIP = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** The n-th usable address of a CIDR (upstream's first service IP is the network address + 1). */
export function nthAddress(cidr: string, n: number): string {
  const [ip] = cidr.split("/");
  return intToIP(ipToInt(ip)! + n);
}

const needsNodePorts = (s: Json) => s.spec?.type === "NodePort" || s.spec?.type === "LoadBalancer";

export class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly portMin: number;
  private readonly portMax: number;
  private readonly inFlightIPs = new Set<string>();
  private readonly inFlightPorts = new Set<number>();

  constructor(
    readonly ranges: ServiceRanges,
    /** Every stored service (from the watch cache). */
    private readonly services: () => Iterable<KubeObject>,
  ) {
    const [ip, bits] = ranges.clusterIPRange.split("/");
    this.base = ipToInt(ip)!;
    this.size = 2 ** (32 - Number(bits));
    const [lo, hi] = ranges.nodePortRange.split("-").map(Number);
    this.portMin = lo;
    this.portMax = hi;
  }

  private used(): { ips: Set<string>; ports: Set<number> } {
    const ips = new Set(this.inFlightIPs);
    const ports = new Set(this.inFlightPorts);
    for (const s of this.services()) {
      const spec = (s.spec ?? {}) as Json;
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
      for (const p of spec.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
      if (spec.healthCheckNodePort) ports.add(spec.healthCheckNodePort);
    }
    return { ips, ports };
  }

  private inRange(ip: string): boolean {
    const n = ipToInt(ip);
    // the network and broadcast addresses are never handed out
    return n !== undefined && n > this.base && n < this.base + this.size - 1;
  }

  private pickIP(used: Set<string>): string | undefined {
    const usable = this.size - 2;
    // upstream: a static band at the start (min(max(16, size/16), 256)) is allocated from last
    const staticBand = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
    const bands: [number, number][] = [
      [staticBand + 1, usable],
      [1, Math.min(staticBand, usable)],
    ];
    for (const [from, to] of bands) {
      if (to < from) continue;
      const start = randomInt(from, to + 1);
      for (let i = 0; i <= to - from; i++) {
        const off = from + ((start - from + i) % (to - from + 1));
        const ip = intToIP(this.base + off);
        if (!used.has(ip)) return ip;
      }
    }
    return undefined;
  }

  private pickPort(used: Set<number>): number | undefined {
    const span = this.portMax - this.portMin + 1;
    const start = randomInt(0, span);
    for (let i = 0; i < span; i++) {
      const p = this.portMin + ((start + i) % span);
      if (!used.has(p)) return p;
    }
    return undefined;
  }

  /**
   * Allocates what a new (or changed) service needs, in place. Returns a release function for the in-flight
   * reservations (call it once the write finished, either way). Throws 422 as upstream does.
   */
  allocate(info: ResourceInfo, svc: KubeObject, old?: KubeObject): () => void {
    const s = svc as Json;
    const spec = (s.spec ??= {}) as Json;
    const errs: FieldError[] = [];
    const reservedIPs: string[] = [];
    const reservedPorts: number[] = [];
    const used = this.used();
    const oldSpec = ((old as Json | undefined)?.spec ?? {}) as Json;
    if (spec.type !== "ExternalName") {
      // single-stack IPv4 cluster
      spec.ipFamilyPolicy ??= "SingleStack";
      spec.ipFamilies ??= ["IPv4"];
      const wanted = spec.clusterIPs?.[0] ?? spec.clusterIP ?? "";
      if (wanted === "None") {
        spec.clusterIP = "None";
        spec.clusterIPs = ["None"];
      } else if (wanted && wanted === (oldSpec.clusterIPs?.[0] ?? oldSpec.clusterIP)) {
        // kept from before
      } else if (wanted) {
        if (!this.inRange(wanted))
          errs.push(
            fieldInvalid(
              "spec.clusterIPs",
              [wanted],
              `failed to allocate IP ${wanted}: provided IP is not in the valid range. The range of valid IPs is ${this.ranges.clusterIPRange}`,
            ),
          );
        else if (used.ips.has(wanted))
          errs.push(
            fieldInvalid(
              "spec.clusterIPs",
              [wanted],
              `failed to allocate IP ${wanted}: provided IP is already allocated`,
            ),
          );
        else reservedIPs.push(wanted);
        spec.clusterIP = wanted;
        spec.clusterIPs = [wanted];
      } else {
        const ip = this.pickIP(used.ips);
        if (!ip)
          errs.push(fieldInvalid("spec.clusterIPs", [], "failed to allocate a serviceIP: range is full"));
        else {
          reservedIPs.push(ip);
          spec.clusterIP = ip;
          spec.clusterIPs = [ip];
        }
      }
    }
    if (needsNodePorts(s)) {
      const oldPorts = new Set<number>(
        ((oldSpec.ports ?? []) as Json[]).map((p) => p.nodePort).filter(Boolean),
      );
      const seen = new Set<number>();
      ((spec.ports ?? []) as Json[]).forEach((p, i) => {
        if (p.nodePort) {
          if (oldPorts.has(p.nodePort) || seen.has(p.nodePort)) {
            seen.add(p.nodePort);
            return;
          }
          if (p.nodePort < this.portMin || p.nodePort > this.portMax)
            errs.push(
              fieldInvalid(
                `spec.ports[${i}].nodePort`,
                p.nodePort,
                `provided port is not in the valid range. The range of valid ports is ${this.ranges.nodePortRange}`,
              ),
            );
          else if (used.ports.has(p.nodePort))
            errs.push(
              fieldInvalid(`spec.ports[${i}].nodePort`, p.nodePort, "provided port is already allocated"),
            );
          else reservedPorts.push(p.nodePort);
          seen.add(p.nodePort);
          return;
        }
        // ports sharing a port number (TCP and UDP) share the node port, as upstream
        const twin = ((spec.ports ?? []) as Json[]).find((q, j) => j < i && q.port === p.port && q.nodePort);
        if (twin) {
          p.nodePort = twin.nodePort;
          return;
        }
        const port = this.pickPort(new Set([...used.ports, ...reservedPorts]));
        if (port === undefined) errs.push(fieldInvalid(`spec.ports[${i}].nodePort`, 0, "range is full"));
        else {
          p.nodePort = port;
          reservedPorts.push(port);
          seen.add(port);
        }
      });
      if (
        spec.type === "LoadBalancer" &&
        spec.externalTrafficPolicy === "Local" &&
        !spec.healthCheckNodePort
      ) {
        const port = oldSpec.healthCheckNodePort ?? this.pickPort(new Set([...used.ports, ...reservedPorts]));
        if (port !== undefined) {
          spec.healthCheckNodePort = port;
          reservedPorts.push(port);
        }
      }
    }
    if (errs.length) throw invalid(info.gk, (svc.metadata as Json | undefined)?.name ?? "", errs);
    for (const ip of reservedIPs) this.inFlightIPs.add(ip);
    for (const p of reservedPorts) this.inFlightPorts.add(p);
    return () => {
      for (const ip of reservedIPs) this.inFlightIPs.delete(ip);
      for (const p of reservedPorts) this.inFlightPorts.delete(p);
    };
  }
}
