// The data path against real HTTP servers on 127.0.0.x (the routing decision is given directly): round
// robin, retry on a refused connection, keep-alive on both sides, forwarded headers, WebSocket upgrade.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { once } from "node:events";
import type { AddressInfo, Socket } from "node:net";
import { IngressProxy, type Target } from "./proxy.js";
import type { Upstream } from "./backends.js";
import { RoundRobin } from "./backends.js";

interface Backend {
  server: http.Server;
  port: number;
  connections: number;
}

async function backend(host: string, port = 0): Promise<Backend> {
  const b: Backend = { server: http.createServer(), port: 0, connections: 0 };
  b.server.on("connection", () => b.connections++);
  b.server.on("request", (req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ backend: host, url: req.url, headers: req.headers, body }));
    });
  });
  b.server.on("upgrade", (req, sock: Socket, head: Buffer) => {
    sock.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
    if (head.length) sock.write(head);
    sock.pipe(sock);
  });
  b.server.listen(port, host);
  await once(b.server, "listening");
  b.port = (b.server.address() as AddressInfo).port;
  return b;
}

const rr = new RoundRobin();
let ups: Upstream[] = [];
let mode: "ok" | "none" | "unavailable" = "ok";
const proxy = new IngressProxy({
  route: (): Target => {
    const match = {
      backend: { namespace: "d", ingress: "d/i", service: "s", port: 80 },
      host: "",
      path: "/",
    };
    if (mode === "none") return { kind: "none" };
    if (mode === "unavailable") return { kind: "unavailable", match };
    return { kind: "upstreams", match, upstreams: rr.order("s", ups) };
  },
});
const front = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) =>
  proxy.handleRequest(req, res, false),
);
front.on("upgrade", (req, s, head: Buffer) => proxy.handleUpgrade(req, s, head, false));
front.listen(0, "127.0.0.1");
await once(front, "listening");
const frontPort = (front.address() as AddressInfo).port;
const a = await backend("127.0.0.2");
const b = await backend("127.0.0.3", a.port);
after(async () => {
  proxy.close();
  front.closeAllConnections();
  for (const s of [front, a.server, b.server]) {
    s.closeAllConnections();
    s.close();
  }
});

function get(
  path: string,
  o: { agent?: http.Agent; headers?: Record<string, string>; method?: string; body?: string } = {},
): Promise<{ status: number; json: any; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: frontPort,
        path,
        method: o.method ?? "GET",
        agent: o.agent,
        headers: { host: "app.example.test", ...o.headers },
      },
      (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c.toString()));
        res.on("end", () => {
          let json: any;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text, reused: req.reusedSocket });
        });
      },
    );
    req.on("error", reject);
    req.end(o.body);
  });
}

test("requests are spread round robin over the endpoints, with X-Forwarded headers and the Host kept", async () => {
  mode = "ok";
  ups = [
    { host: "127.0.0.2", port: a.port },
    { host: "127.0.0.3", port: b.port },
  ];
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await get("/api/x?q=1", { headers: { "x-forwarded-for": "10.9.9.9" } });
    assert.equal(r.status, 200);
    seen.push(r.json.backend);
    assert.equal(r.json.url, "/api/x?q=1");
    assert.equal(r.json.headers.host, "app.example.test");
    assert.equal(r.json.headers["x-forwarded-for"], "10.9.9.9, 127.0.0.1");
    assert.equal(r.json.headers["x-forwarded-proto"], "http");
    assert.equal(r.json.headers["x-forwarded-host"], "app.example.test");
  }
  assert.deepEqual([...new Set(seen)].sort(), ["127.0.0.2", "127.0.0.3"]);
  assert.notEqual(seen[0], seen[1]);
});

test("a request body is passed on", async () => {
  mode = "ok";
  const r = await get("/post", { method: "POST", body: "hello upstream" });
  assert.equal(r.json.body, "hello upstream");
});

test("a refused connection is retried on the next endpoint", async () => {
  mode = "ok";
  // 127.0.0.9 has nothing listening on this port: every request still succeeds.
  ups = [
    { host: "127.0.0.9", port: a.port },
    { host: "127.0.0.2", port: a.port },
  ];
  for (let i = 0; i < 4; i++) {
    const r = await get("/");
    assert.equal(r.status, 200);
    assert.equal(r.json.backend, "127.0.0.2");
  }
});

test("every endpoint refusing gives 502; no route 404; no endpoints 503", async () => {
  mode = "ok";
  ups = [{ host: "127.0.0.9", port: a.port }];
  assert.equal((await get("/")).status, 502);
  mode = "none";
  assert.equal((await get("/")).status, 404);
  mode = "unavailable";
  assert.equal((await get("/")).status, 503);
});

test("client and upstream connections are kept alive", async () => {
  mode = "ok";
  ups = [{ host: "127.0.0.2", port: a.port }];
  await get("/warm");
  const before = a.connections;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const rs = [];
  for (let i = 0; i < 5; i++) rs.push(await get("/ka", { agent }));
  agent.destroy();
  assert.deepEqual(
    rs.map((r) => r.reused),
    [false, true, true, true, true],
  );
  // The upstream connection opened earlier serves all of them.
  assert.equal(a.connections, before);
});

test("an Upgrade (WebSocket) is passed through as a byte stream", async () => {
  mode = "ok";
  ups = [{ host: "127.0.0.3", port: b.port }];
  const req = http.request({
    host: "127.0.0.1",
    port: frontPort,
    path: "/ws",
    headers: { host: "app.example.test", connection: "Upgrade", upgrade: "echo" },
  });
  req.end();
  const [res, sock] = (await once(req, "upgrade")) as [http.IncomingMessage, Socket];
  assert.equal(res.statusCode, 101);
  sock.write("ping-1");
  const [data] = (await once(sock, "data")) as [Buffer];
  assert.equal(data.toString(), "ping-1");
  sock.destroy();
});
