// A SPDY/3.1 connection over any byte stream (the upgraded TCP/TLS socket, or the byte stream inside a
// WebSocket for tunnelled port-forward). The server side accepts the streams the client opens (kubectl
// opens one per channel), answering each SYN_STREAM with a SYN_REPLY as spdystream expects; the client
// side (tests, and anything that must dial a SPDY peer) opens streams and waits for the reply.
// Flow control is not enforced by spdystream, so WINDOW_UPDATE and SETTINGS are accepted and ignored.
import { Duplex } from "node:stream";
import {
  dataFrame,
  FLAG_FIN,
  FrameReader,
  goAwayFrame,
  HeaderCompressor,
  HeaderDecompressor,
  pingFrame,
  rstStreamFrame,
  RST_CANCEL,
  synReplyFrame,
  synStreamFrame,
  type Frame,
  type SpdyHeaders,
} from "./frames.js";

/** Largest DATA payload sent at once (well under SPDY's 24-bit limit). */
const MAX_DATA = 32 * 1024;

export class SpdyStream extends Duplex {
  /** Set when the peer half-closed (FIN) its side. */
  remoteClosed = false;
  private localClosed = false;
  private replyWaiters: ((h: SpdyHeaders | Error) => void)[] = [];
  replyHeaders?: SpdyHeaders;

  constructor(
    readonly conn: SpdyConnection,
    readonly id: number,
    readonly headers: SpdyHeaders,
  ) {
    super({ allowHalfOpen: true });
  }

  /** The first value of a request header, or "". */
  header(name: string): string {
    return this.headers[name.toLowerCase()]?.[0] ?? "";
  }

  override _read(): void {}

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.localClosed) return cb(new Error("stream closed"));
    let off = 0;
    const frames: Buffer[] = [];
    while (off < chunk.length) {
      const part = chunk.subarray(off, off + MAX_DATA);
      frames.push(dataFrame(this.id, part));
      off += part.length;
    }
    this.conn.send(Buffer.concat(frames), cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.closeLocal();
    cb();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (!this.localClosed || !this.remoteClosed) {
      this.localClosed = true;
      if (!this.conn.closed) this.conn.send(rstStreamFrame(this.id, RST_CANCEL));
    }
    this.conn.forget(this.id);
    for (const w of this.replyWaiters.splice(0)) w(err ?? new Error("stream closed"));
    cb(err);
  }

  /** Sends FIN on our side once (an empty DATA frame with FLAG_FIN). */
  private closeLocal(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    if (!this.conn.closed) this.conn.send(dataFrame(this.id, Buffer.alloc(0), true));
    if (this.remoteClosed) this.conn.forget(this.id);
  }

  /** @internal */
  onData(data: Buffer, fin: boolean): void {
    if (data.length) this.push(data);
    if (fin && !this.remoteClosed) {
      this.remoteClosed = true;
      this.push(null);
      if (this.localClosed) this.conn.forget(this.id);
    }
  }

  /** @internal */
  onReply(h: SpdyHeaders): void {
    this.replyHeaders = h;
    for (const w of this.replyWaiters.splice(0)) w(h);
  }

  /** Resolves with the peer's SYN_REPLY headers (client side). */
  waitReply(timeoutMs = 30_000): Promise<SpdyHeaders> {
    if (this.replyHeaders) return Promise.resolve(this.replyHeaders);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("timed out waiting for SYN_REPLY")), timeoutMs);
      this.replyWaiters.push((h) => {
        clearTimeout(t);
        if (h instanceof Error) reject(h);
        else resolve(h);
      });
    });
  }
}

export interface SpdyConnectionOptions {
  /** True on the side that accepted the upgrade (its own streams would get even ids). */
  server: boolean;
  /** Called for each stream the peer opens, after the SYN_REPLY went out. */
  onStream?: (s: SpdyStream) => void;
}

export class SpdyConnection {
  closed = false;
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly reader = new FrameReader();
  /** Frames are handled one after another: header blocks inflate asynchronously. */
  private queue: Promise<void> = Promise.resolve();
  private readonly streams = new Map<number, SpdyStream>();
  private nextId: number;
  private lastPeerId = 0;
  private closeWaiters: (() => void)[] = [];

  constructor(
    private readonly socket: Duplex,
    private readonly o: SpdyConnectionOptions,
  ) {
    this.nextId = o.server ? 2 : 1;
    socket.on("data", (b: Buffer) => this.onBytes(b));
    socket.on("error", () => this.teardown());
    socket.on("close", () => this.teardown());
    socket.on("end", () => this.teardown());
  }

  /** Feeds bytes that arrived before the connection took over the socket (the upgrade's head). */
  feed(b: Buffer): void {
    if (b.length) this.onBytes(b);
  }

  send(b: Buffer, cb?: (e?: Error | null) => void): void {
    if (this.closed || this.socket.destroyed) {
      cb?.(new Error("connection closed"));
      return;
    }
    this.socket.write(b, cb ? (e) => cb(e ?? null) : undefined);
  }

  /** Opens a stream (client side) and waits for the peer's SYN_REPLY. */
  async openStream(headers: SpdyHeaders, timeoutMs?: number): Promise<SpdyStream> {
    const id = this.nextId;
    this.nextId += 2;
    const s = new SpdyStream(this, id, headers);
    this.streams.set(id, s);
    this.send(synStreamFrame(this.compressor, id, headers));
    await s.waitReply(timeoutMs);
    return s;
  }

  /** Says goodbye and closes the underlying byte stream once what was queued is written. */
  close(): void {
    if (this.closed) return;
    this.send(goAwayFrame(this.lastPeerId));
    this.socket.end();
    this.teardown();
  }

  /** Resolves when the connection is gone. */
  whenClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((r) => this.closeWaiters.push(r));
  }

  /** @internal */
  forget(id: number): void {
    this.streams.delete(id);
  }

  private onBytes(b: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.reader.push(b);
    } catch {
      this.socket.destroy();
      this.teardown();
      return;
    }
    for (const f of frames)
      this.queue = this.queue.then(
        () => this.onFrame(f),
        () => undefined,
      );
  }

  private async onFrame(f: Frame): Promise<void> {
    if (this.closed) return;
    let headers: SpdyHeaders = {};
    if (f.type === "syn_stream" || f.type === "syn_reply" || f.type === "headers") {
      try {
        headers = await this.decompressor.decompress(f.headerBlock);
      } catch {
        this.socket.destroy();
        this.teardown();
        return;
      }
      if (this.closed) return;
    }
    switch (f.type) {
      case "data": {
        const s = this.streams.get(f.streamId);
        if (s) s.onData(f.data, (f.flags & FLAG_FIN) !== 0);
        return;
      }
      case "syn_stream": {
        this.lastPeerId = Math.max(this.lastPeerId, f.streamId);
        const s = new SpdyStream(this, f.streamId, headers);
        this.streams.set(f.streamId, s);
        this.send(synReplyFrame(this.compressor, f.streamId, {}));
        if (f.flags & FLAG_FIN) s.onData(Buffer.alloc(0), true);
        if (this.o.onStream) this.o.onStream(s);
        else s.destroy();
        return;
      }
      case "syn_reply":
        this.streams.get(f.streamId)?.onReply(headers);
        if (f.flags & FLAG_FIN) this.streams.get(f.streamId)?.onData(Buffer.alloc(0), true);
        return;
      case "rst_stream": {
        const s = this.streams.get(f.streamId);
        if (s) {
          this.streams.delete(f.streamId);
          s.remoteClosed = true;
          s.push(null);
          s.destroy();
        }
        return;
      }
      case "ping":
        // Pings from the peer carry ids of the other parity; answer those, ignore echoes of ours.
        if ((f.id % 2 === 1) === this.o.server) this.send(pingFrame(f.id));
        return;
      case "goaway":
        return;
      default:
        return;
    }
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.streams.values()]) {
      s.remoteClosed = true;
      s.destroy();
    }
    this.streams.clear();
    this.compressor.close();
    this.decompressor.close();
    for (const w of this.closeWaiters.splice(0)) w();
  }
}
