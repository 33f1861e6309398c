import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import * as http2 from "node:http2";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ExecSyncResponse, RuntimeResult } from "../../runtime/cri.js";
import { doHTTPProbe, newRequestForHTTPGetAction, type ProbeRequest } from "./http.js";
import { runProbe } from "./probe.js";
import { doGRPCProbe } from "./grpc.js";
import { doTCPProbe } from "./tcp.js";

async function listen(s: Server | http2.Http2Server | ReturnType<typeof createTcpServer>): Promise<number> {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return (s.address() as AddressInfo).port;
}

function close(s: { close(cb?: () => void): unknown; closeAllConnections?: () => void }): Promise<void> {
  s.closeAllConnections?.();
  return new Promise((r) => s.close(() => r()));
}

const container: Container = { name: "web", ports: [{ name: "http", containerPort: 0 }] };
const pod = {
  metadata: { name: "web", namespace: "default", uid: "u1" },
  spec: { containers: [container] },
} as Pod;

function req(port: number, path: string, extra: Partial<ProbeRequest> = {}): ProbeRequest {
  const r = newRequestForHTTPGetAction({ port, path }, container, "127.0.0.1", "probe");
  assert.ok(!("error" in r));
  return { ...r, ...extra };
}

test("HTTP probe: request shape, status codes, redirects and the body limit", async () => {
  let seen: { url?: string; headers: IncomingHttpHeaders } | undefined;
  const server = createServer((rq, rs) => {
    seen = { url: rq.url, headers: rq.headers };
    const u = new URL(rq.url ?? "/", "http://x");
    if (u.pathname === "/ok") rs.end("fine");
    else if (u.pathname === "/fail") rs.writeHead(500).end("boom");
    else if (u.pathname === "/local-redirect") rs.writeHead(302, { location: "/ok" }).end();
    else if (u.pathname === "/away") rs.writeHead(301, { location: "http://localhost:1/ok" }).end("moved");
    else if (u.pathname === "/loop") rs.writeHead(302, { location: "/loop" }).end();
    else if (u.pathname === "/big") rs.end("x".repeat(64 * 1024));
    else if (u.pathname === "/slow") setTimeout(() => rs.end("late"), 3000).unref();
    else rs.writeHead(404).end();
  });
  const port = await listen(server);
  try {
    const withHeaders = newRequestForHTTPGetAction(
      {
        port: "http",
        path: "/ok?x=1",
        httpHeaders: [
          { name: "x-custom", value: "1" },
          { name: "host", value: "example.test" },
        ],
      },
      { ...container, ports: [{ name: "http", containerPort: port }] },
      "127.0.0.1",
      "probe",
    );
    assert.ok(!("error" in withHeaders));
    assert.deepEqual(await doHTTPProbe(withHeaders, 1000), { result: "success", output: "fine" });
    assert.equal(seen?.url, "/ok?x=1");
    assert.equal(seen?.headers["user-agent"], "kube-probe/1.32");
    assert.equal(seen?.headers.accept, "*/*");
    assert.equal(seen?.headers["x-custom"], "1");
    assert.equal(seen?.headers.host, "example.test");
    assert.equal(seen?.headers["accept-encoding"], undefined);

    assert.deepEqual(await doHTTPProbe(req(port, "/fail"), 1000), {
      result: "failure",
      output: "HTTP probe failed with statuscode: 500",
    });
    assert.deepEqual(await doHTTPProbe(req(port, "/local-redirect"), 1000), {
      result: "success",
      output: "fine",
    });
    assert.deepEqual(await doHTTPProbe(req(port, "/away"), 1000), {
      result: "warning",
      output: "Probe terminated redirects, Response body: moved",
    });
    const loop = await doHTTPProbe(req(port, "/loop"), 1000);
    assert.equal(loop.result, "failure");
    assert.equal(loop.output, `Get "http://127.0.0.1:${port}/loop": stopped after 10 redirects`);
    const big = await doHTTPProbe(req(port, "/big"), 1000);
    assert.equal(big.result, "success");
    assert.equal(big.output.length, 10 * 1024);
    assert.deepEqual(await doHTTPProbe(req(port, "/slow"), 1000), {
      result: "failure",
      output: `Get "http://127.0.0.1:${port}/slow": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
    });
  } finally {
    await close(server);
  }
  assert.deepEqual(await doHTTPProbe(req(port, "/ok"), 1000), {
    result: "failure",
    output: `Get "http://127.0.0.1:${port}/ok": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test("ports by name and number; unknown names are prober errors", () => {
  const c: Container = { name: "web", ports: [{ name: "http", containerPort: 8080 }] };
  const r = newRequestForHTTPGetAction({ port: "http", path: "/" }, c, "10.42.0.5", "probe");
  assert.ok(!("error" in r));
  assert.equal(r.port, 8080);
  assert.equal(r.host, "10.42.0.5");
  assert.deepEqual(newRequestForHTTPGetAction({ port: "nope" }, c, "10.42.0.5", "probe"), {
    error: 'strconv.Atoi: parsing "nope": invalid syntax',
  });
  assert.deepEqual(newRequestForHTTPGetAction({ port: 70000 }, c, "10.42.0.5", "probe"), {
    error: "invalid port number: 70000",
  });
});

test("TCP probe: open port succeeds, closed port fails with Go's dial error", async () => {
  const s = createTcpServer((sock) => sock.end());
  const port = await listen(s);
  assert.deepEqual(await doTCPProbe("127.0.0.1", port, 1000), { result: "success", output: "" });
  await close(s);
  assert.deepEqual(await doTCPProbe("127.0.0.1", port, 1000), {
    result: "failure",
    output: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test("exec probe: exit code, output, timeout, runtime errors; $(VAR) from literal env only", async () => {
  const calls: { cmd: string[]; timeout: number }[] = [];
  let answer: RuntimeResult<ExecSyncResponse>;
  const runtime = {
    execSync: (_id: string, cmd: string[], timeout: number) => {
      calls.push({ cmd, timeout });
      return Promise.resolve(answer);
    },
  };
  const c: Container = { name: "web", env: [{ name: "FILE", value: "/tmp/healthy" }] };
  const target = { pod, container: c, containerId: "cid", podIP: "10.42.0.5", runtime };
  const probe = { exec: { command: ["cat", "$(FILE)"] }, timeoutSeconds: 2 };
  answer = { ok: true, value: { stdout: Buffer.from("ok\n"), stderr: Buffer.alloc(0), exitCode: 0 } };
  assert.deepEqual(await runProbe(probe, target), { result: "success", output: "ok\n" });
  assert.deepEqual(calls[0], { cmd: ["cat", "/tmp/healthy"], timeout: 2 });
  answer = {
    ok: true,
    value: { stdout: Buffer.alloc(0), stderr: Buffer.from("cat: can't open '/tmp/healthy'\n"), exitCode: 1 },
  };
  assert.deepEqual(await runProbe(probe, target), {
    result: "failure",
    output: "cat: can't open '/tmp/healthy'\n",
  });
  answer = { ok: false, error: { code: "DeadlineExceeded", message: "timed out" } };
  assert.deepEqual(await runProbe(probe, target), {
    result: "failure",
    output: 'command "cat /tmp/healthy" timed out',
  });
  answer = { ok: false, error: { code: "NotFound", message: "container not found" } };
  assert.deepEqual(await runProbe(probe, target), {
    result: "unknown",
    output: "",
    error: "container not found",
  });
  assert.deepEqual(await runProbe({}, target), {
    result: "unknown",
    output: "",
    error: "missing probe handler for web_default(u1):web",
  });
});

/** A gRPC health server (grpc.health.v1) on HTTP/2 cleartext. */
function healthServer(statusFor: (service: string) => number | "unimplemented"): http2.Http2Server {
  const s = http2.createServer();
  s.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      if (headers[":path"] !== "/grpc.health.v1.Health/Check") {
        stream.respond(
          {
            ":status": 200,
            "content-type": "application/grpc",
            "grpc-status": "12",
            "grpc-message": "unknown service",
          },
          { endStream: true },
        );
        return;
      }
      const body = Buffer.concat(chunks).subarray(5);
      const service = body.length ? body.subarray(2, 2 + body[1]).toString() : "";
      const st = statusFor(service);
      if (st === "unimplemented") {
        stream.respond(
          {
            ":status": 200,
            "content-type": "application/grpc",
            "grpc-status": "12",
            "grpc-message": "unknown service grpc.health.v1.Health",
          },
          { endStream: true },
        );
        return;
      }
      stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
      stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
      const msg = Buffer.from([0x08, st]);
      const frame = Buffer.alloc(5);
      frame.writeUInt32BE(msg.length, 1);
      stream.end(Buffer.concat([frame, msg]));
    });
  });
  return s;
}

test("gRPC probe: the health protocol's answers and upstream's messages", async () => {
  const s = healthServer((svc) => (svc === "" ? 1 : svc === "db" ? 2 : "unimplemented"));
  const port = await listen(s);
  try {
    assert.deepEqual(await doGRPCProbe("127.0.0.1", "", port, 1000), {
      result: "success",
      output: "service is healthy",
    });
    assert.deepEqual(await doGRPCProbe("127.0.0.1", "db", port, 1000), {
      result: "failure",
      output: 'service unhealthy (responded with "NOT_SERVING")',
    });
    assert.deepEqual(await doGRPCProbe("127.0.0.1", "other", port, 1000), {
      result: "failure",
      output:
        "error: this server does not implement the grpc health protocol (grpc.health.v1.Health): unknown service grpc.health.v1.Health",
    });
  } finally {
    await close(s);
  }
  assert.deepEqual(await doGRPCProbe("127.0.0.1", "", port, 1000), {
    result: "failure",
    output: `timeout: failed to connect service "127.0.0.1:${port}" within 1s: context deadline exceeded`,
  });
});
