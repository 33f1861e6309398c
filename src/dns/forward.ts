// Forwarding names outside the cluster zone to the host's resolvers (CoreDNS's `forward . /etc/resolv.conf`):
// the query goes out unchanged but for a fresh id, over UDP, and again over TCP when the answer is truncated.
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { randomInt } from "node:crypto";

export interface Upstream {
  host: string;
  port: number;
}

const timeoutMs = 2000;

function withId(msg: Buffer, id: number): Buffer {
  const b = Buffer.from(msg);
  b.writeUInt16BE(id, 0);
  return b;
}

function udpExchange(up: Upstream, query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(up.host.includes(":") ? "udp6" : "udp4");
    const id = query.readUInt16BE(0);
    const timer = setTimeout(() => finish(new Error(`timeout from ${up.host}:${up.port}`)), timeoutMs);
    const finish = (err?: Error, msg?: Buffer) => {
      clearTimeout(timer);
      sock.close();
      if (err) reject(err);
      else resolve(msg!);
    };
    sock.on("error", (e) => finish(e));
    sock.on("message", (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === id) finish(undefined, msg);
    });
    sock.send(query, up.port, up.host);
  });
}

function tcpExchange(up: Upstream, query: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const sock = connect(up.port, up.host);
    let buf = Buffer.alloc(0);
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`timeout from ${up.host}:${up.port}`)));
    sock.on("error", reject);
    sock.on("connect", () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(query.length);
      sock.write(Buffer.concat([len, query]));
    });
    sock.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        sock.end();
      }
    });
    sock.on("close", () => reject(new Error(`connection to ${up.host}:${up.port} closed`)));
  });
}

/** Asks each upstream in turn; the answer carries the client's id again. Rejects when none answers. */
export async function forwardQuery(upstreams: Upstream[], query: Buffer): Promise<Buffer> {
  const clientId = query.readUInt16BE(0);
  let last: unknown = new Error("no upstream resolvers");
  for (const up of upstreams) {
    const q = withId(query, randomInt(0, 0x10000));
    try {
      let answer = await udpExchange(up, q);
      if (answer.length >= 4 && answer[2] & 0x02) answer = await tcpExchange(up, q);
      return withId(answer, clientId);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
