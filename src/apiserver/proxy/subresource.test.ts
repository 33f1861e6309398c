import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { once } from "node:events";
import type { Socket } from "node:net";
import { startHarness, adminToken, type Harness } from "../testing/harness.js";
import { generateCa } from "../pki/pki.js";

/** What the stand-in pod saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
  tls: boolean;
}

let h: Harness;
let httpPort: number;
let httpsPort: number;
let closedPort: number;
const servers: Server[] = [];

/** Answers every request with what it saw; /redirect redirects, /cors sends CORS headers. */
function echo(tls: boolean) {
  return (req: IncomingMessage, res: import("node:http").ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/redirect") {
        res.writeHead(302, { Location: "/login?next=1" });
        return res.end();
      }
      const seen: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        tls,
      };
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Access-Control-Allow-Origin": "*",
        "X-Backend": "yes",
      });
      res.end(JSON.stringify(seen));
    });
  };
}

const listen = async (s: Server): Promise<number> => {
  servers.push(s);
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  return (s.address() as { port: number }).port;
};

const ok = (r: { status: number; text: string }, status = 200) => assert.equal(r.status, status, r.text);

before(async () => {
  const plain = createServer(echo(false));
  plain.on("upgrade", (req: IncomingMessage, socket: Socket) => {
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Saw-Authorization: ${req.headers.authorization ?? "none"}\r\n\r\n`,
    );
    socket.pipe(socket);
  });
  httpPort = await listen(plain);
  const ca = await generateCa("pod");
  httpsPort = await listen(createHttpsServer({ cert: ca.cert, key: ca.key }, echo(true)));
  const closed = createServer();
  closedPort = await listen(closed);
  await new Promise((r) => closed.close(r));
  servers.splice(servers.indexOf(closed), 1);

  // the stand-in pods listen on loopback, which upstream's pods/proxy refuses
  h = await startHarness({ authorizationMode: "RBAC", podProxyAddressAllowed: () => true });
  const pod = (name: string, ports: object[]) => ({
    metadata: { name, labels: { app: name } },
    spec: { containers: [{ name: "c", image: "busybox", ports }] },
  });
  for (const [name, ports] of [
    [
      "web",
      [
        { name: "http", containerPort: httpPort },
        { name: "https", containerPort: httpsPort },
      ],
    ],
    ["pending", [{ containerPort: httpPort }]],
  ] as const)
    ok(await h.req("POST", "/api/v1/namespaces/default/pods", { body: pod(name, [...ports]) }), 201);
  ok(
    await h.req("PATCH", "/api/v1/namespaces/default/pods/web/status", {
      contentType: "application/merge-patch+json",
      body: { status: { podIP: "127.0.0.1", podIPs: [{ ip: "127.0.0.1" }] } },
    }),
  );
  const service = (name: string) => ({
    metadata: { name },
    spec: {
      ports: [
        { name: "http", port: 80, targetPort: httpPort },
        { name: "tls", port: 443, targetPort: httpsPort },
      ],
    },
  });
  for (const name of ["web", "idle", "unready"])
    ok(await h.req("POST", "/api/v1/namespaces/default/services", { body: service(name) }), 201);
  // The API refuses loopback endpoints, as upstream does; the stand-in pod is on loopback, so the
  // Endpoints are written with another address and then changed in the store.
  const address = { ip: "10.255.255.1", targetRef: { kind: "Pod", namespace: "default", name: "web" } };
  const ports = [
    { name: "http", port: httpPort, protocol: "TCP" },
    { name: "tls", port: httpsPort, protocol: "TCP" },
  ];
  for (const [name, subsets] of [
    ["web", [{ addresses: [address], ports }]],
    ["idle", []],
    ["unready", [{ notReadyAddresses: [address], ports }]],
  ] as const)
    ok(
      await h.req("POST", "/api/v1/namespaces/default/endpoints", { body: { metadata: { name }, subsets } }),
      201,
    );
  for (const name of ["web", "unready"]) {
    const key = `/registry/core/v1/endpoints/default/${name}`;
    const { kv } = await h.store.get(key);
    await h.store.update(key, kv!.value.replaceAll("10.255.255.1", "127.0.0.1"), kv!.modRevision);
  }
  for (let i = 0; ; i++) {
    const r = await h.req("GET", "/api/v1/namespaces/default/endpoints/web");
    if (r.json.subsets[0].addresses[0].ip === "127.0.0.1") break;
    assert.ok(i < 100, "the watch cache did not see the loopback endpoints");
    await new Promise((res) => setTimeout(res, 20));
  }
  // alice may read pods but not proxy to them; bob may also GET through pods/proxy
  ok(
    await h.req("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", {
      body: {
        metadata: { name: "reader" },
        rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }],
      },
    }),
    201,
  );
  ok(
    await h.req("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles", {
      body: {
        metadata: { name: "proxy-getter" },
        rules: [{ apiGroups: [""], resources: ["pods", "pods/proxy"], verbs: ["get"] }],
      },
    }),
    201,
  );
  for (const [user, role] of [
    ["alice", "reader"],
    ["bob", "proxy-getter"],
  ])
    ok(
      await h.req("POST", "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings", {
        body: {
          metadata: { name: user },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: user }],
        },
      }),
      201,
    );
});

after(async () => {
  await h.stop();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const podPath = (id: string) => `/api/v1/namespaces/default/pods/${id}/proxy`;
const svcPath = (id: string) => `/api/v1/namespaces/default/services/${id}/proxy`;

test("pods/proxy: GET keeps the path and the query; the client's credentials stay behind", async () => {
  const r = await h.req("GET", `${podPath(`web:${httpPort}`)}/a/b%20c/?x=1&y=%2F`, {
    headers: { "X-Custom": "kept", "Impersonate-User": "bob" },
  });
  ok(r);
  const seen = r.json as Seen;
  assert.equal(seen.method, "GET");
  assert.equal(seen.url, "/a/b%20c/?x=1&y=%2F");
  assert.equal(seen.headers.authorization, undefined);
  assert.equal(seen.headers["impersonate-user"], undefined);
  assert.equal(seen.headers["x-custom"], "kept");
  assert.equal(seen.headers["x-forwarded-for"], "127.0.0.1");
  assert.equal(seen.headers["x-forwarded-uri"], `${podPath(`web:${httpPort}`)}/a/b c/`);
  assert.equal(r.headers["x-backend"], "yes");
  // upstream drops the backend's CORS headers
  assert.equal(r.headers["access-control-allow-origin"], undefined);
});

test("pods/proxy: POST, PUT, PATCH and DELETE pass with their bodies", async () => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    const r = await h.req(method, `${podPath(`web:${httpPort}`)}/submit`, {
      body: `{"method":"${method}"}`,
    });
    ok(r);
    assert.equal(r.json.method, method);
    assert.equal(r.json.url, "/submit");
    assert.equal(r.json.body, `{"method":"${method}"}`);
    assert.equal(r.json.headers["content-type"], "application/json");
  }
  const propfind = await h.req("PROPFIND", `${podPath("web")}/`);
  assert.equal(propfind.status, 405, propfind.text);
});

test("pods/proxy: the port by number, by container port name, or the first container port", async () => {
  for (const id of [`web:${httpPort}`, "web:http", "web"]) {
    const r = await h.req("GET", `${podPath(id)}/`);
    ok(r);
    assert.equal(r.json.tls, false, id);
    assert.equal(r.json.url, "/");
  }
  const unknown = await h.req("GET", `${podPath("web:nope")}/`);
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal(unknown.json.message, 'no container port named "nope" in pod "web"');
});

test("pods/proxy: an https: prefix speaks TLS to the pod, unverified as upstream", async () => {
  for (const id of [`https:web:${httpsPort}`, "https:web:https"]) {
    const r = await h.req("GET", `${podPath(id)}/secure?q=1`);
    ok(r);
    assert.equal(r.json.tls, true);
    assert.equal(r.json.url, "/secure?q=1");
  }
  const bad = await h.req("GET", `${podPath("ftp:web:21")}/`);
  assert.equal(bad.status, 400);
  assert.equal(bad.json.message, 'invalid pod request "ftp:web:21"');
});

test("pods/proxy: .../proxy redirects a GET to .../proxy/ and sends other methods to /", async () => {
  const r = await h.req("GET", `${podPath(`web:${httpPort}`)}?a=1`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, `${podPath(`web:${httpPort}`)}/?a=1`);
  const post = await h.req("POST", podPath(`web:${httpPort}`), { body: "x" });
  ok(post);
  assert.equal(post.json.url, "/");
});

test("pods/proxy: a backend's redirect stays under the proxy path", async () => {
  const r = await h.req("GET", `${podPath(`web:${httpPort}`)}/redirect`);
  assert.equal(r.status, 302);
  assert.equal(r.headers.location, `${podPath(`web:${httpPort}`)}/login?next=1`);
});

test("pods/proxy: upstream's errors for a pod without IP, a missing pod, and an unreachable port", async () => {
  const noIP = await h.req("GET", `${podPath("pending")}/`);
  assert.equal(noIP.status, 400);
  assert.equal(noIP.json.reason, "BadRequest");
  assert.equal(noIP.json.message, "address not allowed");
  const missing = await h.req("GET", `${podPath("nope:80")}/`);
  assert.equal(missing.status, 404);
  assert.equal(missing.json.message, 'pods "nope" not found');
  const refused = await h.req("GET", `${podPath(`web:${closedPort}`)}/`);
  assert.equal(refused.status, 503);
  assert.equal(refused.json.reason, "ServiceUnavailable");
  assert.equal(
    refused.json.message,
    `error trying to reach service: dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
  );
  const noNamespace = await h.req("GET", `/api/v1/pods/web/proxy/`);
  assert.equal(noNamespace.status, 404);
});

test("pods/proxy is authorized by method on pods/proxy, apart from get pods", async () => {
  const asAlice = await h.req("GET", "/api/v1/namespaces/default/pods/web", { token: "user-alice" });
  ok(asAlice);
  const denied = await h.req("GET", `${podPath("web")}/`, { token: "user-alice" });
  assert.equal(denied.status, 403);
  assert.equal(
    denied.json.message,
    'pods "web" is forbidden: User "alice" cannot get resource "pods/proxy" in API group "" in the namespace "default"',
  );
  ok(await h.req("GET", `${podPath("web")}/`, { token: "user-bob" }));
  const post = await h.req("POST", `${podPath("web")}/`, { token: "user-bob", body: "x" });
  assert.equal(post.status, 403);
  assert.match(post.json.message, /cannot create resource "pods\/proxy"/);
});

test("services/proxy: a ready endpoint of the service port, by number or by name", async () => {
  for (const [id, tls] of [
    ["web:80", false],
    ["web:http", false],
    ["https:web:443", true],
    ["https:web:tls", true],
  ] as const) {
    const r = await h.req("POST", `${svcPath(id)}/api/v1?watch=1`, { body: "hello" });
    ok(r);
    assert.equal(r.json.tls, tls, id);
    assert.equal(r.json.url, "/api/v1?watch=1");
    assert.equal(r.json.body, "hello");
    assert.equal(r.json.headers.authorization, undefined);
  }
});

test("services/proxy: upstream's 503s and 404s", async () => {
  const cases: [string, number, string][] = [
    ["web:81", 503, 'no service port 81 found for service "web"'],
    ["web:nope", 503, 'no endpoints available for service "web:nope"'],
    // the only port is named: no name matches no port
    ["web", 503, 'no endpoints available for service "web"'],
    ["idle:80", 503, 'no endpoints available for service "idle"'],
    ["unready:80", 503, 'no endpoints available for service "unready:80"'],
    ["gone:80", 404, 'services "gone" not found'],
    ["gone", 404, 'endpoints "gone" not found'],
    ["a:b:c:d", 400, 'invalid service request "a:b:c:d"'],
  ];
  for (const [id, code, message] of cases) {
    const r = await h.req("GET", `${svcPath(id)}/`);
    assert.equal(r.status, code, `${id}: ${r.text}`);
    assert.equal(r.json.message, message);
  }
});

test("services/proxy: a WebSocket-style upgrade is spliced to the endpoint", async () => {
  const req = request(`${h.base}${svcPath("web:80")}/ws`, {
    headers: { Connection: "Upgrade", Upgrade: "echo", Authorization: `Bearer ${adminToken}` },
  });
  req.end();
  const [res, socket] = (await once(req, "upgrade")) as [IncomingMessage, Socket];
  assert.equal(res.statusCode, 101);
  assert.equal(res.headers["x-saw-authorization"], "none");
  socket.write("ping");
  const [data] = (await once(socket, "data")) as [Buffer];
  assert.equal(data.toString(), "ping");
  socket.destroy();
});
