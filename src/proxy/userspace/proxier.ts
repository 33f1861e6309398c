// kube-proxy's userspace mode: every Service port is served by a listener in this process that forwards
// to the port's usable endpoints (ready ones; serving-terminating ones when none is ready). For the process
// runtime and machines without iptables. Listeners follow the informers: created, re-pointed and closed
// as Services and EndpointSlices change.
import type { Service } from "../../api/core/v1/service.js";
import { services } from "../../api/core/v1/service.js";
import type { EndpointSlice } from "../../api/discovery/v1/types.js";
import { endpointSlices } from "../../api/discovery/v1/endpointslice.js";
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { Informer } from "../../client/informer/informer.js";
import type { Logger } from "../../client/log.js";
import type { ProxyContext } from "../proxier.js";
import { buildServicePorts, usableEndpoints, type ServicePortInfo } from "../serviceports.js";
import { cidrContains } from "../iptables/rules.js";
import { RoundRobin } from "./loadbalancer.js";
import { listenTCP, listenUDP, type ProxySocket } from "./proxysocket.js";

export interface UserspaceProxierOptions {
  nodeName: string;
  /**
   * Where a Service port is served. Default: its cluster IP and port (the address must be local, e.g. on a
   * loopback alias). Return undefined to leave a port unserved.
   */
  listenFor?(sp: ServicePortInfo, clusterIP: string): { host: string; port: number } | undefined;
  /**
   * Where a Service port is served for one of its status.loadBalancer.ingress IPs. Default: that IP and the
   * service port (the local cloud provider's IPs are the node's own addresses). Undefined leaves it unserved.
   */
  listenForLoadBalancer?(sp: ServicePortInfo, ip: string): { host: string; port: number } | undefined;
  /**
   * How this process reaches an endpoint. Default: its address as published. The process runtime, whose
   * pods share the host's network, maps a pod IP to the loopback address the pod's processes listen on.
   */
  endpointAddress?(ip: string, port: number): { ip: string; port: number };
  /** Idle time after which a UDP client's backend socket is closed (upstream --udp-timeout, 250 ms). */
  udpIdleTimeoutMs?: number;
}

interface Served {
  lb: RoundRobin;
  socket?: ProxySocket;
  opening?: Promise<void>;
  /** The listen address it was opened with; a change re-opens it. */
  at: string;
  /** loadBalancerSourceRanges for a load balancer listener (empty: anyone). */
  sourceRanges: string[];
}

/** "ns/name:port/PROTO@clusterIP" (or "@lb:IP" for a load balancer IP): one listener each. */
const keyOf = (sp: ServicePortInfo, ip: string) => `${sp.name}/${sp.protocol}@${ip}`;

export class UserspaceProxier {
  readonly name = "kube-proxy";
  private readonly svcInf: Informer<Service & KubeObject>;
  private readonly sliceInf: Informer<EndpointSlice & KubeObject>;
  private readonly log: Logger;
  private readonly served = new Map<string, Served>();
  private stopped = false;
  private syncChain: Promise<void> = Promise.resolve();

  constructor(
    ctx: ProxyContext,
    private readonly o: UserspaceProxierOptions,
  ) {
    this.svcInf = ctx.informers.informerFor<Service & KubeObject>(services);
    this.sliceInf = ctx.informers.informerFor<EndpointSlice & KubeObject>(endpointSlices);
    this.log = ctx.log.child({ component: "kube-proxy", mode: "userspace" });
    const changed = () => this.requestSync();
    for (const inf of [this.svcInf, this.sliceInf] as Informer<any>[]) {
      inf.addEventHandler({ onAdd: changed, onUpdate: changed, onDelete: changed });
    }
  }

  /** Where a Service port is being served ("ns/name:port", protocol), once its listener is open. */
  addressOf(servicePortName: string, protocol = "TCP"): { host: string; port: number } | undefined {
    for (const [key, s] of this.served) {
      if (key.startsWith(`${servicePortName}/${protocol}@`) && !key.includes("@lb:") && s.socket)
        return s.socket.address;
    }
    return undefined;
  }

  /** Where a Service port is served for a load balancer IP, once its listener is open. */
  addressOfLoadBalancer(
    servicePortName: string,
    ip: string,
    protocol = "TCP",
  ): { host: string; port: number } | undefined {
    return this.served.get(`${servicePortName}/${protocol}@lb:${ip}`)?.socket?.address;
  }

  /** Resolves once every listener wanted by the current caches is open. */
  async synced(): Promise<void> {
    await this.syncChain;
  }

  private requestSync(): void {
    if (this.stopped || !this.svcInf.hasSynced() || !this.sliceInf.hasSynced()) return;
    this.syncChain = this.syncChain.then(() => this.sync());
  }

  private async sync(): Promise<void> {
    if (this.stopped) return;
    const ports = buildServicePorts(this.svcInf.lister.list(), this.sliceInf.lister.list(), this.o.nodeName);
    const wanted = new Set<string>();
    const opening: Promise<void>[] = [];
    for (const sp of ports) {
      const eps = usableEndpoints(sp.endpoints, sp.internalPolicyLocal).map((e) =>
        this.o.endpointAddress ? this.o.endpointAddress(e.ip, e.port) : { ip: e.ip, port: e.port },
      );
      // SCTP is not proxied in userspace (upstream's userspace proxy served TCP and UDP only).
      if (sp.protocol !== "TCP" && sp.protocol !== "UDP") continue;
      const targets: { key: string; at?: { host: string; port: number }; ranges: string[] }[] = [];
      for (const ip of sp.clusterIPs)
        targets.push({
          key: keyOf(sp, ip),
          at: this.o.listenFor ? this.o.listenFor(sp, ip) : { host: ip, port: sp.port },
          ranges: [],
        });
      for (const ip of sp.loadBalancerIPs)
        targets.push({
          key: keyOf(sp, `lb:${ip}`),
          at: this.o.listenForLoadBalancer
            ? this.o.listenForLoadBalancer(sp, ip)
            : { host: ip, port: sp.port },
          ranges: sp.loadBalancerSourceRanges,
        });
      for (const { key, at, ranges } of targets) {
        if (!at) continue;
        wanted.add(key);
        const atKey = `${at.host}:${at.port}`;
        let s = this.served.get(key);
        if (s && s.at !== atKey) {
          await this.close(key);
          s = undefined;
        }
        if (!s) {
          s = { lb: new RoundRobin(sp.stickySeconds), at: atKey, sourceRanges: ranges };
          this.served.set(key, s);
          const entry = s;
          const allow = (remote: string) =>
            entry.sourceRanges.length === 0 ||
            entry.sourceRanges.some((r) => cidrContains(r, remote.replace(/^::ffff:/, "")));
          entry.opening = (
            sp.protocol === "UDP"
              ? listenUDP(at.host, at.port, entry.lb, this.log, this.o.udpIdleTimeoutMs)
              : listenTCP(at.host, at.port, entry.lb, this.log, allow)
          ).then(
            (sock) => {
              entry.socket = sock;
              this.log.info(
                { service: sp.name, protocol: sp.protocol, address: sock.address },
                "serving service port",
              );
            },
            (e) =>
              this.log.error(
                { service: sp.name, address: atKey, err: String(e) },
                "cannot listen for service port",
              ),
          );
          opening.push(entry.opening);
        }
        s.sourceRanges = ranges;
        s.lb.update(eps, sp.stickySeconds);
      }
    }
    for (const key of [...this.served.keys()]) if (!wanted.has(key)) await this.close(key);
    await Promise.all(opening);
  }

  private async close(key: string): Promise<void> {
    const s = this.served.get(key);
    this.served.delete(key);
    if (!s) return;
    await s.opening;
    await s.socket?.close();
  }

  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([
      Promise.all([this.svcInf.waitForSync(), this.sliceInf.waitForSync()]),
      new Promise((r) => signal.addEventListener("abort", r, { once: true })),
    ]);
    this.requestSync();
    if (!signal.aborted) await new Promise((r) => signal.addEventListener("abort", r, { once: true }));
    this.stopped = true;
    await this.syncChain;
    for (const key of [...this.served.keys()]) await this.close(key);
  }
}
