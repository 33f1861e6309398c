import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, connect, type Socket } from "node:net";
import { once } from "node:events";
import { SpdyConnection, type SpdyStream } from "./connection.js";
import { FrameReader, pingFrame } from "./frames.js";

async function pair(
  onStream: (s: SpdyStream) => void,
): Promise<{ client: SpdyConnection; server: SpdyConnection; raw: Socket; done(): void }> {
  let server!: SpdyConnection;
  const srv = createServer((sock) => (server = new SpdyConnection(sock, { server: true, onStream })));
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const raw = connect((srv.address() as { port: number }).port, "127.0.0.1");
  await once(raw, "connect");
  const client = new SpdyConnection(raw, { server: false });
  return {
    client,
    get server() {
      return server;
    },
    raw,
    done: () => void srv.close(),
  };
}

const readAll = (s: SpdyStream) =>
  new Promise<string>((resolve) => {
    let t = "";
    s.on("data", (b: Buffer) => (t += b.toString()));
    s.once("end", () => resolve(t));
  });

test("streams: the server replies to each SYN_STREAM, data flows both ways, FIN half-closes", async () => {
  const seen: string[] = [];
  const p = await pair((s) => {
    seen.push(s.header("streamtype"));
    if (s.header("streamtype") === "echo") void readAll(s).then((t) => s.end(`echo:${t}`));
  });
  try {
    const err = await p.client.openStream({ streamtype: ["error"] });
    const echo = await p.client.openStream({ streamtype: ["echo"], port: ["80"] });
    assert.equal(err.id, 1);
    assert.equal(echo.id, 3);
    const reply = readAll(echo);
    echo.write("hello ");
    echo.end("world");
    assert.equal(await reply, "echo:hello world");
    assert.deepEqual(seen, ["error", "echo"]);
    const big = Buffer.alloc(200_000, 0x61);
    const bigStream = await p.client.openStream({ streamtype: ["echo"] });
    const got = readAll(bigStream);
    bigStream.end(big);
    assert.equal((await got).length, "echo:".length + big.length);
  } finally {
    p.client.close();
    p.done();
  }
});

test("pings from the peer are echoed; closing the connection ends every stream", async () => {
  let serverSide: SpdyStream | undefined;
  const p = await pair((s) => (serverSide = s));
  try {
    const s = await p.client.openStream({ streamtype: ["data"] });
    // A raw ping from the client side (odd id) comes back.
    const reader = new FrameReader();
    const pong = new Promise<number>((resolve) =>
      p.raw.on("data", (b: Buffer) => {
        for (const f of reader.push(b)) if (f.type === "ping") resolve(f.id);
      }),
    );
    p.raw.write(pingFrame(9));
    assert.equal(await pong, 9);
    const closed = once(s, "close");
    p.server.close();
    await closed;
    assert.ok(serverSide?.destroyed);
    await p.client.whenClosed();
  } finally {
    p.done();
  }
});
