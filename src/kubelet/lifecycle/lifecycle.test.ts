import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { ExecSyncResponse, RuntimeResult } from "../../runtime/cri.js";
import { runLifecycleHandler, type HookTarget } from "./index.js";

const pod = { metadata: { name: "web", namespace: "default", uid: "u1" } } as Pod;
const container: Container = { name: "app", ports: [{ name: "hook", containerPort: 0 }] };

function target(answer: RuntimeResult<ExecSyncResponse>, calls: unknown[] = []): HookTarget {
  return {
    pod,
    container,
    containerId: "cid",
    podIP: "127.0.0.1",
    runtime: {
      execSync: (id, cmd, timeout) => {
        calls.push({ id, cmd, timeout });
        return Promise.resolve(answer);
      },
    },
  };
}

test("exec hooks: success, and upstream's failure message with the output", async () => {
  const calls: unknown[] = [];
  const ok = target(
    { ok: true, value: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 } },
    calls,
  );
  assert.deepEqual(await runLifecycleHandler({ exec: { command: ["sh", "-c", "echo hi"] } }, ok), {
    ok: true,
  });
  assert.deepEqual(calls, [{ id: "cid", cmd: ["sh", "-c", "echo hi"], timeout: 0 }]);
  const bad = target({
    ok: true,
    value: { stdout: Buffer.from("out\n"), stderr: Buffer.from("oops\n"), exitCode: 2 },
  });
  assert.deepEqual(await runLifecycleHandler({ exec: { command: ["sh", "-c", "exit 2"] } }, bad), {
    ok: false,
    message:
      'Exec lifecycle hook ([sh -c exit 2]) for Container "app" in Pod "web_default(u1)" failed - error: command \'sh -c exit 2\' exited with 2: oops\n, message: "out\\noops\\n"',
  });
  const gone = target({ ok: false, error: { code: "NotFound", message: "container cid not found" } });
  assert.deepEqual(await runLifecycleHandler({ exec: { command: ["true"] } }, gone), {
    ok: false,
    message:
      'Exec lifecycle hook ([true]) for Container "app" in Pod "web_default(u1)" failed - error: container cid not found, message: ""',
  });
});

test("HTTP hooks: any answer is fine, connection errors fail with upstream's text", async () => {
  const seen: { url?: string; ua?: string }[] = [];
  const server = createServer((rq, rs) => {
    seen.push({ url: rq.url, ua: rq.headers["user-agent"] });
    rs.writeHead(rq.url === "/stop" ? 500 : 200).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const t = {
    ...target({ ok: true, value: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 } }),
  };
  t.container = { name: "app", ports: [{ name: "hook", containerPort: port }] };
  try {
    assert.deepEqual(await runLifecycleHandler({ httpGet: { port: "hook", path: "/start" } }, t), {
      ok: true,
    });
    assert.deepEqual(await runLifecycleHandler({ httpGet: { port, path: "/stop" } }, t), { ok: true });
    assert.deepEqual(seen, [
      { url: "/start", ua: "kube-lifecycle/1.32" },
      { url: "/stop", ua: "kube-lifecycle/1.32" },
    ]);
    // An HTTPS hook answered in plain HTTP is retried over HTTP, with a warning.
    const warnings: string[] = [];
    assert.deepEqual(
      await runLifecycleHandler(
        { httpGet: { port, path: "/tls", scheme: "HTTPS" } },
        { ...t, warn: (r, m) => warnings.push(`${r}: ${m}`) },
      ),
      { ok: true },
    );
    assert.deepEqual(warnings, [
      `LifecycleHTTPFallback: request to HTTPS lifecycle hook 127.0.0.1:${port} got HTTP response, retry with HTTP succeeded`,
    ]);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  assert.deepEqual(await runLifecycleHandler({ httpGet: { port, path: "/stop" } }, t), {
    ok: false,
    message: `HTTP lifecycle hook (/stop) for Container "app" in Pod "web_default(u1)" failed - error: Get "http://127.0.0.1:${port}/stop": dial tcp 127.0.0.1:${port}: connect: connection refused`,
  });
});

test("sleep hooks wait, and fail when cut short; tcpSocket is not run, as upstream", async () => {
  const t = target({ ok: true, value: { stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 } });
  assert.deepEqual(await runLifecycleHandler({ sleep: { seconds: 0 } }, t), { ok: true });
  const ac = new AbortController();
  const p = runLifecycleHandler({ sleep: { seconds: 30 } }, t, ac.signal);
  ac.abort();
  assert.deepEqual(await p, {
    ok: false,
    message:
      'Sleep lifecycle hook (30) for Container "app" in Pod "web_default(u1)" failed - error: container terminated before sleep hook finished',
  });
  assert.deepEqual(await runLifecycleHandler({ tcpSocket: { port: 8080 } }, t), {
    ok: false,
    message:
      "Cannot run handler: invalid handler: &LifecycleHandler{Exec:nil,HTTPGet:nil,TCPSocket:&TCPSocketAction{Port:{0 8080 },Host:,},Sleep:nil,}",
  });
});
