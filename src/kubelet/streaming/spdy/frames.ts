// SPDY/3.1 framing (the subset moby/spdystream, kubectl's client, speaks): control frames SYN_STREAM,
// SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE and data frames. Header blocks
// are zlib-compressed with the SPDY/3 dictionary, one zlib stream per direction for the whole
// connection, each block ending in a sync flush (00 00 FF FF) so the peer can decode it at once.
import { constants, createInflate, type Inflate } from "node:zlib";
import { spdy3Dictionary } from "./dictionary.js";

export const SYN_STREAM = 1;
export const SYN_REPLY = 2;
export const RST_STREAM = 3;
export const SETTINGS = 4;
export const PING = 6;
export const GOAWAY = 7;
export const HEADERS = 8;
export const WINDOW_UPDATE = 9;

export const FLAG_FIN = 0x01;
export const FLAG_UNIDIRECTIONAL = 0x02;

/** RST_STREAM status codes. */
export const RST_PROTOCOL_ERROR = 1;
export const RST_INVALID_STREAM = 2;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;

/** Header names are lowercase; a value may hold several, NUL-separated on the wire. */
export type SpdyHeaders = Record<string, string[]>;

export type Frame =
  | { type: "data"; streamId: number; flags: number; data: Buffer }
  | {
      type: "syn_stream";
      streamId: number;
      associatedId: number;
      priority: number;
      flags: number;
      headerBlock: Buffer;
    }
  | { type: "syn_reply"; streamId: number; flags: number; headerBlock: Buffer }
  | { type: "headers"; streamId: number; flags: number; headerBlock: Buffer }
  | { type: "rst_stream"; streamId: number; status: number }
  | { type: "settings"; flags: number; entries: { flags: number; id: number; value: number }[] }
  | { type: "ping"; id: number }
  | { type: "goaway"; lastGoodStreamId: number; status: number }
  | { type: "window_update"; streamId: number; delta: number }
  | { type: "unknown"; controlType: number };

function adler32(b: Buffer): number {
  let a = 1;
  let c = 0;
  for (const x of b) {
    a = (a + x) % 65521;
    c = (c + a) % 65521;
  }
  return ((c << 16) | a) >>> 0;
}

/** zlib header: deflate with a 32 KiB window, FDICT set, then the dictionary's Adler-32. */
function zlibHeaderWithDictionary(dict: Buffer): Buffer {
  const cmf = 0x78;
  let flg = 0x20;
  flg += 31 - ((cmf * 256 + flg) % 31);
  const h = Buffer.alloc(6);
  h[0] = cmf;
  h[1] = flg;
  h.writeUInt32BE(adler32(dict), 2);
  return h;
}

/**
 * Compresses header blocks the simplest valid way: stored (uncompressed) deflate blocks in one zlib stream
 * that declares the SPDY dictionary, each block followed by the empty stored block of a sync flush, so the
 * peer's inflater can decode it at once. Synchronous, so frames go out in the order they are made.
 */
export class HeaderCompressor {
  private started = false;
  compress(headers: SpdyHeaders): Buffer {
    const raw = encodeHeaderBlock(headers);
    const parts: Buffer[] = [];
    if (!this.started) {
      parts.push(zlibHeaderWithDictionary(spdy3Dictionary));
      this.started = true;
    }
    for (let off = 0; off < raw.length; off += 0xffff) {
      const chunk = raw.subarray(off, off + 0xffff);
      const h = Buffer.alloc(5);
      h[0] = 0x00;
      h.writeUInt16LE(chunk.length, 1);
      h.writeUInt16LE(~chunk.length & 0xffff, 3);
      parts.push(h, chunk);
    }
    parts.push(Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]));
    return Buffer.concat(parts);
  }
  close(): void {}
}

/** Inflates the peer's header blocks: one zlib stream for the connection, one block at a time, in order. */
export class HeaderDecompressor {
  private readonly z: Inflate = createInflate({ dictionary: spdy3Dictionary });
  private chain: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;

  constructor() {
    this.z.on("error", (e: Error) => (this.failed = e));
  }

  decompress(block: Buffer): Promise<SpdyHeaders> {
    const next = this.chain.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          if (this.failed) return reject(this.failed);
          this.z.write(block);
          this.z.flush(constants.Z_SYNC_FLUSH, () => {
            if (this.failed) return reject(this.failed);
            const out: Buffer[] = [];
            for (let c = this.z.read() as Buffer | null; c !== null; c = this.z.read() as Buffer | null)
              out.push(c);
            resolve(Buffer.concat(out));
          });
        }),
    );
    this.chain = next.catch(() => undefined);
    return next.then(decodeHeaderBlock);
  }
  close(): void {
    this.z.close();
  }
}

export function encodeHeaderBlock(headers: SpdyHeaders): Buffer {
  const entries = Object.entries(headers);
  const parts: Buffer[] = [u32(entries.length)];
  for (const [name, values] of entries) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(values.join("\0"));
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(b: Buffer): SpdyHeaders {
  const out: SpdyHeaders = {};
  let off = 0;
  const need = (n: number) => {
    if (off + n > b.length) throw new Error("truncated SPDY header block");
  };
  need(4);
  const count = b.readUInt32BE(off);
  off += 4;
  for (let i = 0; i < count; i++) {
    need(4);
    const nl = b.readUInt32BE(off);
    off += 4;
    need(nl);
    const name = b
      .subarray(off, off + nl)
      .toString()
      .toLowerCase();
    off += nl;
    need(4);
    const vl = b.readUInt32BE(off);
    off += 4;
    need(vl);
    const value = b.subarray(off, off + vl).toString();
    off += vl;
    (out[name] ??= []).push(...value.split("\0"));
  }
  return out;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function control(type: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(0x8003, 0);
  h.writeUInt16BE(type, 2);
  h.writeUInt32BE(payload.length, 4);
  h[4] = flags;
  return Buffer.concat([h, payload]);
}

export function dataFrame(streamId: number, data: Buffer, fin = false): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt32BE(streamId & 0x7fffffff, 0);
  h.writeUInt32BE(data.length, 4);
  h[4] = fin ? FLAG_FIN : 0;
  return Buffer.concat([h, data]);
}

export function synStreamFrame(
  c: HeaderCompressor,
  streamId: number,
  headers: SpdyHeaders,
  flags = 0,
  associatedId = 0,
  priority = 0,
): Buffer {
  const p = Buffer.alloc(10);
  p.writeUInt32BE(streamId & 0x7fffffff, 0);
  p.writeUInt32BE(associatedId & 0x7fffffff, 4);
  p[8] = (priority & 7) << 5;
  return control(SYN_STREAM, flags, Buffer.concat([p, c.compress(headers)]));
}

export function synReplyFrame(
  c: HeaderCompressor,
  streamId: number,
  headers: SpdyHeaders,
  flags = 0,
): Buffer {
  return control(SYN_REPLY, flags, Buffer.concat([u32(streamId & 0x7fffffff), c.compress(headers)]));
}

export function rstStreamFrame(streamId: number, status: number): Buffer {
  return control(RST_STREAM, 0, Buffer.concat([u32(streamId & 0x7fffffff), u32(status)]));
}

export function pingFrame(id: number): Buffer {
  return control(PING, 0, u32(id));
}

export function goAwayFrame(lastGoodStreamId: number, status = 0): Buffer {
  return control(GOAWAY, 0, Buffer.concat([u32(lastGoodStreamId & 0x7fffffff), u32(status)]));
}

export function settingsFrame(entries: { flags: number; id: number; value: number }[]): Buffer {
  const parts = [u32(entries.length)];
  for (const e of entries) {
    const b = Buffer.alloc(8);
    b.writeUInt32BE(e.id & 0xffffff, 0);
    b[0] = e.flags;
    b.writeUInt32BE(e.value >>> 0, 4);
    parts.push(b);
  }
  return control(SETTINGS, 0, Buffer.concat(parts));
}

export function windowUpdateFrame(streamId: number, delta: number): Buffer {
  return control(WINDOW_UPDATE, 0, Buffer.concat([u32(streamId & 0x7fffffff), u32(delta & 0x7fffffff)]));
}

/**
 * Splits a byte stream into frames: push() bytes as they arrive, and each complete frame is decoded
 * (header blocks stay compressed: the connection inflates them in order).
 */
export class FrameReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const len = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + len) break;
      const head = this.buf.subarray(0, 8);
      const payload = this.buf.subarray(8, 8 + len);
      this.buf = this.buf.subarray(8 + len);
      frames.push(this.decode(head, payload));
    }
    return frames;
  }

  private decode(head: Buffer, p: Buffer): Frame {
    const flags = head[4];
    if ((head[0] & 0x80) === 0)
      return { type: "data", streamId: head.readUInt32BE(0) & 0x7fffffff, flags, data: Buffer.from(p) };
    const version = head.readUInt16BE(0) & 0x7fff;
    if (version !== 3) throw new Error(`unsupported SPDY version ${version}`);
    const type = head.readUInt16BE(2);
    const id = () => p.readUInt32BE(0) & 0x7fffffff;
    switch (type) {
      case SYN_STREAM:
        return {
          type: "syn_stream",
          streamId: id(),
          associatedId: p.readUInt32BE(4) & 0x7fffffff,
          priority: p[8] >> 5,
          flags,
          headerBlock: Buffer.from(p.subarray(10)),
        };
      case SYN_REPLY:
        return { type: "syn_reply", streamId: id(), flags, headerBlock: Buffer.from(p.subarray(4)) };
      case HEADERS:
        return { type: "headers", streamId: id(), flags, headerBlock: Buffer.from(p.subarray(4)) };
      case RST_STREAM:
        return { type: "rst_stream", streamId: id(), status: p.readUInt32BE(4) };
      case SETTINGS: {
        const n = p.readUInt32BE(0);
        const entries = [];
        for (let i = 0; i < n && 4 + i * 8 + 8 <= p.length; i++) {
          const o = 4 + i * 8;
          entries.push({ flags: p[o], id: p.readUInt32BE(o) & 0xffffff, value: p.readUInt32BE(o + 4) });
        }
        return { type: "settings", flags, entries };
      }
      case PING:
        return { type: "ping", id: p.readUInt32BE(0) };
      case GOAWAY:
        return { type: "goaway", lastGoodStreamId: id(), status: p.length >= 8 ? p.readUInt32BE(4) : 0 };
      case WINDOW_UPDATE:
        return { type: "window_update", streamId: id(), delta: p.readUInt32BE(4) & 0x7fffffff };
      default:
        return { type: "unknown", controlType: type };
    }
  }
}
