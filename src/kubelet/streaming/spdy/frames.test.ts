import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, createDeflate } from "node:zlib";
import { spdy3Dictionary } from "./dictionary.js";
import {
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameReader,
  goAwayFrame,
  HeaderCompressor,
  HeaderDecompressor,
  pingFrame,
  rstStreamFrame,
  RST_CANCEL,
  settingsFrame,
  synReplyFrame,
  synStreamFrame,
  windowUpdateFrame,
  type Frame,
} from "./frames.js";

test("the SPDY/3 dictionary is the spec's 1423 bytes", () => {
  assert.equal(spdy3Dictionary.length, 1423);
  assert.equal(spdy3Dictionary.subarray(0, 11).toString("latin1"), "\0\0\0\x07options");
  assert.ok(spdy3Dictionary.toString("latin1").endsWith("utf-,*,enq=0."));
});

test("header blocks: lowercased names, NUL-joined repeated values, round trip", () => {
  const b = encodeHeaderBlock({ StreamType: ["error"], "x-multi": ["a", "b"] });
  assert.equal(b.readUInt32BE(0), 2);
  assert.deepEqual(decodeHeaderBlock(b), { streamtype: ["error"], "x-multi": ["a", "b"] });
  assert.throws(() => decodeHeaderBlock(b.subarray(0, b.length - 1)), /truncated/);
});

test("compressed header blocks decode one by one, sharing one zlib stream per direction", async () => {
  const c = new HeaderCompressor();
  const d = new HeaderDecompressor();
  const blocks = [0, 1, 2].map((i) =>
    c.compress({ streamtype: ["data"], requestid: [String(i)], port: ["80"] }),
  );
  assert.equal(blocks[0][0], 0x78, "zlib header first");
  assert.equal(blocks[1][0], 0x00, "later blocks continue the stream");
  for (const [i, b] of blocks.entries()) {
    assert.deepEqual(b.subarray(-4), Buffer.from([0x00, 0x00, 0xff, 0xff]), "each ends in a sync flush");
    assert.deepEqual(await d.decompress(b), { streamtype: ["data"], requestid: [String(i)], port: ["80"] });
  }
  d.close();
});

test("blocks compressed by a real deflater with the dictionary (as Go's spdystream writes them) decode in order", async () => {
  const z = createDeflate({ dictionary: spdy3Dictionary });
  const out: Buffer[] = [];
  const compress = (raw: Buffer) =>
    new Promise<Buffer>((resolve) => {
      z.write(raw);
      z.flush(constants.Z_SYNC_FLUSH, () => {
        const parts: Buffer[] = [];
        for (let c = z.read() as Buffer | null; c !== null; c = z.read() as Buffer | null) parts.push(c);
        resolve(Buffer.concat(parts));
      });
    });
  for (let i = 0; i < 4; i++)
    out.push(await compress(encodeHeaderBlock({ streamtype: ["stdout"], n: [String(i)] })));
  z.close();
  const d = new HeaderDecompressor();
  const decoded = await Promise.all(out.map((b) => d.decompress(b)));
  assert.deepEqual(
    decoded.map((h) => h.n[0]),
    ["0", "1", "2", "3"],
  );
  d.close();
});

test("FrameReader splits a byte stream into frames at any chunk boundary", async () => {
  const c = new HeaderCompressor();
  const bytes = Buffer.concat([
    synStreamFrame(c, 1, { streamtype: ["error"] }),
    synReplyFrame(c, 1, {}),
    dataFrame(1, Buffer.from("hello")),
    dataFrame(1, Buffer.alloc(0), true),
    rstStreamFrame(3, RST_CANCEL),
    pingFrame(7),
    settingsFrame([{ flags: 0, id: 7, value: 65536 }]),
    windowUpdateFrame(1, 1000),
    goAwayFrame(5, 0),
  ]);
  for (const step of [1, 3, 7, bytes.length]) {
    const r = new FrameReader();
    const frames: Frame[] = [];
    for (let off = 0; off < bytes.length; off += step)
      frames.push(...r.push(bytes.subarray(off, off + step)));
    assert.deepEqual(
      frames.map((f) => f.type),
      [
        "syn_stream",
        "syn_reply",
        "data",
        "data",
        "rst_stream",
        "ping",
        "settings",
        "window_update",
        "goaway",
      ],
    );
    const [syn, , data, fin, rst, ping, settings, wu, goaway] = frames;
    assert.equal(syn.type === "syn_stream" && syn.streamId, 1);
    assert.equal(data.type === "data" && data.data.toString(), "hello");
    assert.equal(fin.type === "data" && fin.flags & FLAG_FIN, FLAG_FIN);
    assert.equal(rst.type === "rst_stream" && rst.status, RST_CANCEL);
    assert.equal(ping.type === "ping" && ping.id, 7);
    assert.deepEqual(settings.type === "settings" && settings.entries, [{ flags: 0, id: 7, value: 65536 }]);
    assert.equal(wu.type === "window_update" && wu.delta, 1000);
    assert.equal(goaway.type === "goaway" && goaway.lastGoodStreamId, 5);
  }
  const d = new HeaderDecompressor();
  const syn = new FrameReader().push(synStreamFrame(new HeaderCompressor(), 1, { streamtype: ["error"] }))[0];
  assert.ok(syn.type === "syn_stream");
  assert.deepEqual(await d.decompress(syn.headerBlock), { streamtype: ["error"] });
  d.close();
});

test("control frames carry version 3; a frame of another version is refused", () => {
  const f = pingFrame(1);
  assert.equal(f.readUInt16BE(0), 0x8003);
  const v2 = Buffer.from(f);
  v2.writeUInt16BE(0x8002, 0);
  assert.throws(() => new FrameReader().push(v2), /unsupported SPDY version 2/);
});
