// One Service port served in the process: a TCP listener that splices each accepted connection to an
// endpoint (trying the next one when a dial fails, as upstream's userspace proxy does), or a UDP socket
// that keeps a backend socket per client until it has been idle for the UDP timeout (upstream --udp-timeout,
// 250 ms).
import { createServer, connect, type Server, type Socket as TcpSocket } from "node:net";
import { createSocket, type Socket as UdpSocket, type RemoteInfo } from "node:dgram";
import { once } from "node:events";
import type { Logger } from "../../client/log.js";
import type { Backend, RoundRobin } from "./loadbalancer.js";

/** Upstream's endpointDialTimeout: each retry waits longer. */
const dialTimeoutsMs = [250, 500, 1000, 2000];

export interface ProxySocket {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

function dial(b: Backend, timeoutMs: number): Promise<TcpSocket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: b.ip, port: b.port });
    const timer = setTimeout(() => s.destroy(new Error(`dial ${b.ip}:${b.port} timed out`)), timeoutMs);
    s.once("connect", () => {
      clearTimeout(timer);
      s.removeAllListeners("error");
      resolve(s);
    });
    s.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export async function listenTCP(
  host: string,
  port: number,
  lb: RoundRobin,
  log: Logger,
  /** Whether a client address may connect (loadBalancerSourceRanges); others are reset. */
  allow?: (remoteAddress: string) => boolean,
): Promise<ProxySocket> {
  const conns = new Set<TcpSocket>();
  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (allow && !allow(client.remoteAddress ?? "")) {
      client.resetAndDestroy();
      return;
    }
    conns.add(client);
    client.on("close", () => conns.delete(client));
    client.on("error", () => client.destroy());
    void (async () => {
      const tried = new Set<string>();
      for (const timeout of dialTimeoutsMs) {
        const b = lb.pick(client.remoteAddress ?? "", tried);
        if (!b) break;
        tried.add(`${b.ip}:${b.port}`);
        try {
          const upstream = await dial(b, timeout);
          conns.add(upstream);
          upstream.on("close", () => conns.delete(upstream));
          upstream.on("error", () => client.destroy());
          client.on("error", () => upstream.destroy());
          client.pipe(upstream);
          upstream.pipe(client);
          client.resume();
          return;
        } catch (e) {
          log.debug(
            { endpoint: `${b.ip}:${b.port}`, err: String(e) },
            "dial failed, trying another endpoint",
          );
        }
      }
      // No endpoint (or none answered): refuse the connection, as the iptables REJECT does.
      client.resetAndDestroy();
    })();
  });
  server.listen(port, host);
  await once(server, "listening");
  const a = server.address() as { address: string; port: number };
  return {
    address: { host: a.address, port: a.port },
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const c of conns) c.destroy();
      await closed;
    },
  };
}

export async function listenUDP(
  host: string,
  port: number,
  lb: RoundRobin,
  log: Logger,
  idleTimeoutMs = 250,
): Promise<ProxySocket> {
  const sock: UdpSocket = createSocket(host.includes(":") ? "udp6" : "udp4");
  const clients = new Map<string, { upstream: UdpSocket; timer: NodeJS.Timeout }>();
  const dropClient = (key: string) => {
    const c = clients.get(key);
    if (!c) return;
    clearTimeout(c.timer);
    c.upstream.close();
    clients.delete(key);
  };
  sock.on("message", (msg: Buffer, from: RemoteInfo) => {
    const key = `${from.address}:${from.port}`;
    let c = clients.get(key);
    if (!c) {
      const b = lb.pick(from.address);
      if (!b) return; // no endpoints: the datagram is dropped
      const upstream = createSocket(b.ip.includes(":") ? "udp6" : "udp4");
      upstream.connect(b.port, b.ip);
      upstream.on("message", (reply: Buffer) => {
        const cur = clients.get(key);
        if (cur) cur.timer.refresh();
        sock.send(reply, from.port, from.address);
      });
      upstream.on("error", (e) => {
        log.debug({ endpoint: `${b.ip}:${b.port}`, err: String(e) }, "udp endpoint error");
        dropClient(key);
      });
      c = { upstream, timer: setTimeout(() => dropClient(key), idleTimeoutMs) };
      clients.set(key, c);
      const ready = c;
      upstream.once("connect", () => ready.upstream.send(msg));
      return;
    }
    c.timer.refresh();
    try {
      c.upstream.send(msg);
    } catch {
      // Not connected yet: the first datagram is still in flight; later ones follow it.
      c.upstream.once("connect", () => c.upstream.send(msg));
    }
  });
  sock.bind(port, host);
  await once(sock, "listening");
  const a = sock.address();
  return {
    address: { host: a.address, port: a.port },
    close: async () => {
      for (const key of [...clients.keys()]) dropClient(key);
      await new Promise<void>((r) => sock.close(() => r()));
    },
  };
}
