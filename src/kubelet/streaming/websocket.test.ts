import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { once } from "node:events";
import { WebSocket } from "ws";
import { resizeParser } from "./channels.js";
import { nonZeroExitStatus, successStatus } from "./status.js";
import { acceptWebSocket } from "./upgrade.js";
import {
  decodeChannelMessage,
  encodeChannelMessage,
  remoteCommandWebSocketProtocols,
  webSocketChannels,
} from "./websocket.js";
import type { RemoteCommandChannels } from "./channels.js";
import type { TerminalSize } from "../../runtime/cri.js";

test("channel messages: a channel byte before binary payloads, an ASCII digit before base64 ones", () => {
  const bin = encodeChannelMessage("v5.channel.k8s.io", 1, Buffer.from("out"));
  assert.deepEqual(bin, Buffer.from([1, 0x6f, 0x75, 0x74]));
  assert.deepEqual(decodeChannelMessage("v5.channel.k8s.io", bin as Buffer, true), {
    channel: 1,
    payload: Buffer.from("out"),
  });
  const b64 = encodeChannelMessage("v4.base64.channel.k8s.io", 2, Buffer.from("err"));
  assert.equal(b64, "2ZXJy");
  assert.deepEqual(decodeChannelMessage("base64.channel.k8s.io", Buffer.from("0YWJj"), false), {
    channel: 0,
    payload: Buffer.from("abc"),
  });
  assert.equal(decodeChannelMessage("v5.channel.k8s.io", Buffer.alloc(0), true), undefined);
});

test("resize: JSON objects, whole messages or newline-separated across chunks", () => {
  const sizes: TerminalSize[] = [];
  const feed = resizeParser((s) => sizes.push(s));
  feed(Buffer.from('{"Width":120,"Height":40}'));
  feed(Buffer.from('{"Width":90,"Hei'));
  feed(Buffer.from('ght":20}\n{"Width":1,"Height":2}\n'));
  assert.deepEqual(sizes, [
    { width: 120, height: 40 },
    { width: 90, height: 20 },
    { width: 1, height: 2 },
  ]);
});

test("non-zero exit Status as upstream's kubelet writes it", () => {
  assert.deepEqual(nonZeroExitStatus(["sh", "-c", "exit 3"], 3), {
    metadata: {},
    status: "Failure",
    message:
      "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: "3" }] },
  });
});

/** A server whose one connection becomes remote command channels; the test drives it with a ws client. */
async function serve(
  protocols: string[],
): Promise<{ client: WebSocket; channels: RemoteCommandChannels; close(): void }> {
  let resolveCh!: (c: RemoteCommandChannels) => void;
  const ch = new Promise<RemoteCommandChannels>((r) => (resolveCh = r));
  const srv = createServer();
  srv.on("upgrade", (req, socket, head) => {
    void acceptWebSocket(req, socket, head, remoteCommandWebSocketProtocols).then((a) => {
      if (a)
        resolveCh(
          webSocketChannels(a.ws, a.protocol, { stdin: true, stdout: true, stderr: true, tty: false }),
        );
    });
  });
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const client = new WebSocket(`ws://127.0.0.1:${(srv.address() as { port: number }).port}/`, protocols);
  await once(client, "open");
  return { client, channels: await ch, close: () => srv.close() };
}

test("v5: stdin until the CLOSE signal, stdout/stderr frames, the Status on channel 3, then close 1000", async () => {
  const s = await serve(["v5.channel.k8s.io"]);
  try {
    assert.equal(s.client.protocol, "v5.channel.k8s.io");
    const got: Buffer[] = [];
    s.client.on("message", (d: Buffer) => got.push(d));
    let input = "";
    s.channels.stdin!.on("data", (b: Buffer) => (input += b.toString()));
    const stdinEnded = once(s.channels.stdin!, "end");
    s.client.send(Buffer.from([0, ...Buffer.from("abc\n")]));
    s.client.send(Buffer.from([255, 0]));
    await stdinEnded;
    assert.equal(input, "abc\n");
    const sizes: TerminalSize[] = [];
    s.channels.onResize((z) => sizes.push(z));
    s.client.send(Buffer.concat([Buffer.from([4]), Buffer.from('{"Width":80,"Height":24}\n')]));
    await new Promise<void>((r) => s.channels.stdout!.write(Buffer.from("out"), () => r()));
    await new Promise<void>((r) => s.channels.stderr!.write(Buffer.from("err"), () => r()));
    const closed = once(s.client, "close");
    await s.channels.finish(nonZeroExitStatus(["false"], 1));
    const [code] = (await closed) as [number];
    assert.equal(code, 1000);
    assert.deepEqual(sizes, [{ width: 80, height: 24 }]);
    assert.deepEqual(
      got.map((b) => b[0]),
      [1, 2, 3],
    );
    assert.equal(got[0].subarray(1).toString(), "out");
    assert.equal(JSON.parse(got[2].subarray(1).toString()).details.causes[0].message, "1");
  } finally {
    s.close();
  }
});

test("channel.k8s.io (v1): nothing on the error channel on success; v4 preferred over base64 when offered first", async () => {
  const s = await serve(["channel.k8s.io"]);
  try {
    const got: Buffer[] = [];
    s.client.on("message", (d: Buffer) => got.push(d));
    const closed = once(s.client, "close");
    await s.channels.finish(successStatus());
    await closed;
    assert.deepEqual(got, []);
  } finally {
    s.close();
  }
  const v4 = await serve(["v4.channel.k8s.io", "v4.base64.channel.k8s.io"]);
  try {
    assert.equal(v4.client.protocol, "v4.channel.k8s.io");
    const got: Buffer[] = [];
    v4.client.on("message", (d: Buffer) => got.push(d));
    const closed = once(v4.client, "close");
    await v4.channels.finish(successStatus());
    await closed;
    assert.deepEqual(JSON.parse(got[0].subarray(1).toString()), { metadata: {}, status: "Success" });
  } finally {
    v4.close();
  }
});
