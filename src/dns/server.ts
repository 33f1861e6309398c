// Cluster DNS: a DNS server over UDP and TCP on the cluster DNS Service address, answering the cluster
// zone from informer caches (records.ts) and forwarding other names to the host's resolvers.
import { createSocket, type Socket } from "node:dgram";
import { createServer, type Server } from "node:net";
import { once } from "node:events";
import * as dnsPacket from "dns-packet";
import type { SharedInformerFactory } from "../client/informer/factory.js";
import type { Logger } from "../client/log.js";
import { ClusterRecords, type Lookup } from "./records.js";
import { informerView } from "./view.js";
import { compressMessage } from "./compress.js";
import { forwardQuery, type Upstream } from "./forward.js";
import { readHostResolvConf } from "./resolvconf.js";

export interface ClusterDNSContext {
  informers: SharedInformerFactory;
  log: Logger;
}

export interface ClusterDNSOptions {
  /** host:port, e.g. "10.43.0.10:53", or "127.0.0.1:0" for a free port. */
  listen: string;
  domain?: string;
  ttl?: number;
  pods?: "insecure" | "verified" | "disabled";
  /** Resolvers for names outside the cluster; default: the nameservers of /etc/resolv.conf. [] disables forwarding. */
  upstreams?: Upstream[];
}

const rcodes = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
type RcodeName = keyof typeof rcodes;
/** Without EDNS a UDP answer is at most 512 bytes (RFC 1035); larger ones are truncated (TC) for TCP retry. */
const classicUDPSize = 512;
const tcpIdleMs = 10_000;

function splitHostPort(listen: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(listen);
  if (!m) throw new Error(`invalid listen address ${listen} (want host:port)`);
  return { host: m[1], port: Number(m[2]) };
}

/** A header-only answer (FORMERR, NOTIMP, ...) built from the raw query, which may not decode. */
function headerOnly(query: Buffer, rcode: RcodeName): Buffer {
  const b = Buffer.alloc(12);
  query.copy(b, 0, 0, 2);
  const opcodeAndRD = query.length >= 3 ? query[2] & 0x79 : 0;
  b[2] = 0x80 | opcodeAndRD;
  b[3] = 0x80 | rcodes[rcode];
  return b;
}

export class ClusterDNS {
  readonly name = "cluster-dns";
  readonly records: ClusterRecords;
  private readonly informersToSync: { waitForSync(): Promise<void> }[];
  private readonly listenAt: { host: string; port: number };
  private readonly upstreams: Upstream[];
  private bound?: { host: string; port: number };
  private boundWaiters: ((a: { host: string; port: number }) => void)[] = [];

  constructor(
    private readonly ctx: ClusterDNSContext,
    o: ClusterDNSOptions,
  ) {
    const { view, informers } = informerView(ctx.informers, { pods: o.pods === "verified" });
    this.informersToSync = informers;
    this.records = new ClusterRecords(view, {
      domain: o.domain ?? "cluster.local",
      ttl: o.ttl,
      pods: o.pods,
    });
    this.listenAt = splitHostPort(o.listen);
    // Never forward to ourselves: a host resolv.conf naming the cluster DNS address would loop.
    this.upstreams = (
      o.upstreams ?? readHostResolvConf().nameservers.map((host) => ({ host, port: 53 }))
    ).filter((u) => !(u.host === this.listenAt.host && u.port === this.listenAt.port));
  }

  /** The address served on, once bound (the chosen port when listening on port 0). */
  address(): Promise<{ host: string; port: number }> {
    return this.bound ? Promise.resolve(this.bound) : new Promise((r) => this.boundWaiters.push(r));
  }

  /** Answers one DNS message (UDP when maxSize is given); undefined means no answer is sent. */
  async handle(query: Buffer, maxSize?: number): Promise<Buffer | undefined> {
    if (query.length < 12 || query[2] & 0x80) return undefined;
    let q: dnsPacket.DecodedPacket;
    try {
      q = dnsPacket.decode(query);
    } catch {
      return headerOnly(query, "FORMERR");
    }
    if ((q as { opcode?: string }).opcode !== "QUERY") return headerOnly(query, "NOTIMP");
    if (q.questions?.length !== 1) return headerOnly(query, "FORMERR");
    const question = q.questions[0];
    const opt = q.additionals?.find((a) => a.type === "OPT");
    let found: Lookup | undefined;
    if (question.class === "IN" || question.class === "ANY")
      found = this.records.lookup(question.name, question.type);
    else if (this.records.owns(question.name)) return headerOnly(query, "REFUSED");
    if (!found) {
      if (this.upstreams.length === 0) return headerOnly(query, "REFUSED");
      try {
        return await forwardQuery(this.upstreams, query);
      } catch (e) {
        this.ctx.log.debug({ name: question.name, err: String(e) }, "forwarding failed");
        return headerOnly(query, "SERVFAIL");
      }
    }
    this.ctx.log.debug({ name: question.name, type: question.type, rcode: found.rcode }, "cluster query");
    const additionals = [...found.additionals];
    if (opt)
      additionals.push({
        type: "OPT",
        name: ".",
        udpPayloadSize: 1232,
        flags: 0,
        extendedRcode: 0,
        ednsVersion: 0,
        flag_do: false,
        options: [],
      });
    const flags =
      dnsPacket.AUTHORITATIVE_ANSWER |
      (q.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) |
      dnsPacket.RECURSION_AVAILABLE |
      rcodes[found.rcode];
    const response: dnsPacket.Packet = {
      type: "response",
      id: q.id,
      flags,
      questions: [question],
      answers: found.answers,
      authorities: found.authorities,
      additionals,
    };
    let out = compressMessage(dnsPacket.encode(response));
    const limit =
      maxSize === undefined
        ? undefined
        : Math.max(classicUDPSize, Math.min(opt?.udpPayloadSize ?? 0, maxSize));
    if (limit !== undefined && out.length > limit) {
      // the additional section is optional (RFC 2181 9): drop it before truncating
      const lean = compressMessage(
        dnsPacket.encode({ ...response, additionals: opt ? additionals.slice(-1) : [] }),
      );
      if (lean.length <= limit) return lean;
      out = dnsPacket.encode({
        ...response,
        flags: flags | dnsPacket.TRUNCATED_RESPONSE,
        answers: [],
        authorities: [],
        additionals: opt ? additionals.slice(-1) : [],
      });
    }
    return out;
  }

  /** Serves until the signal aborts (after the informer caches have synced, as CoreDNS waits for its). */
  async run(signal: AbortSignal): Promise<void> {
    await Promise.race([
      Promise.all(this.informersToSync.map((i) => i.waitForSync())),
      once(signal, "abort"),
    ]);
    if (signal.aborted) return;
    const { udp, tcp } = await this.bind();
    const addr = udp.address();
    this.bound = { host: addr.address, port: addr.port };
    for (const w of this.boundWaiters.splice(0)) w(this.bound);
    this.ctx.log.info(
      { address: `${addr.address}:${addr.port}`, upstreams: this.upstreams },
      "cluster DNS serving",
    );
    const onUDP = (msg: Buffer, rinfo: { address: string; port: number }) => {
      this.handle(msg, 4096).then(
        (out) => out && udp.send(out, rinfo.port, rinfo.address),
        (e) => this.ctx.log.error({ err: String(e) }, "dns query failed"),
      );
    };
    udp.on("message", onUDP);
    tcp.on("connection", (sock) => {
      let buf = Buffer.alloc(0);
      sock.setTimeout(tcpIdleMs, () => sock.destroy());
      sock.on("error", () => sock.destroy());
      sock.on("data", (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
          buf = buf.subarray(2 + msg.length);
          this.handle(msg).then(
            (out) => {
              if (!out || sock.destroyed) return;
              const len = Buffer.alloc(2);
              len.writeUInt16BE(out.length);
              sock.write(Buffer.concat([len, out]));
            },
            (e) => this.ctx.log.error({ err: String(e) }, "dns query failed"),
          );
        }
      });
    });
    if (!signal.aborted) await once(signal, "abort");
    udp.close();
    await new Promise<void>((r) => tcp.close(() => r()));
  }

  /** Binds UDP and TCP on one port (when the port is 0, the one the UDP socket got). */
  private async bind(): Promise<{ udp: Socket; tcp: Server }> {
    const { host } = this.listenAt;
    for (let attempt = 0; ; attempt++) {
      const udp = createSocket(host.includes(":") ? "udp6" : "udp4");
      udp.bind(this.listenAt.port, host);
      await once(udp, "listening");
      const port = udp.address().port;
      const tcp = createServer();
      try {
        tcp.listen(port, host);
        await once(tcp, "listening");
        return { udp, tcp };
      } catch (e) {
        udp.close();
        if (this.listenAt.port !== 0 || attempt >= 10) throw e;
      }
    }
  }
}

/** Cluster DNS fed by the factory's Service and EndpointSlice (and, for `pods: "verified"`, Pod) informers. */
export function createClusterDNS(ctx: ClusterDNSContext, o: ClusterDNSOptions): ClusterDNS {
  return new ClusterDNS(ctx, o);
}
