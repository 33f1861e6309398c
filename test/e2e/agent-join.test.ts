// `k8ts agent` joining a server from nothing but the join token: it pins the server's CA, gets its node
// certificates through CertificateSigningRequests (client with the bootstrap token, serving as the node), and
// runs pods (the process runtime here, so the test needs no root and leaves the host's iptables alone).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, ok, k8tsBin, until as untilWithin, type RunningServer } from "./harness.js";

let s: RunningServer;
let agent: ChildProcess;
let agentDir: string;
let agentErr = "";

const until = <T>(what: string, check: () => Promise<T | undefined | false>) =>
  untilWithin(what, check, 30_000, () => agentErr.slice(-3000));

before(async () => {
  s = await startServer();
  agentDir = await mkdtemp(join(tmpdir(), "k8ts-agent-"));
  const token = (await readFile(join(s.dataDir, "server", "node-token"), "utf8")).trim();
  agent = spawn(
    process.execPath,
    [
      k8tsBin,
      "agent",
      ...["--server", s.url, "--token", token, "--data-dir", agentDir, "--node-name", "joiner"],
      ...["--node-ip", "127.0.0.1", "--runtime", "process", "--kubelet-port", "0", "--log-level", "warn"],
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  agent.stderr!.on("data", (d: Buffer) => (agentErr += d.toString()));
});

after(async () => {
  if (agent && agent.exitCode === null) {
    const exited = new Promise((r) => agent.once("exit", r));
    agent.kill("SIGTERM");
    await exited;
  }
  try {
    // the kubelet's volume mounts (tmpfs for projected tokens) outlive it on purpose; killall removes them
    spawnSync(process.execPath, [k8tsBin, "killall", "--data-dir", agentDir]);
    await rm(agentDir, { recursive: true, force: true });
  } finally {
    await s?.stop();
  }
});

test("an agent joins with the join token, as system:node:<name>, and runs pods", async () => {
  await until("the node Ready", async () => {
    const r = await s.kubectl([
      "get",
      "node",
      "joiner",
      "-o",
      "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
    ]);
    return r.stdout === "True";
  });
  const csrs = JSON.parse(ok(await s.kubectl(["get", "csr", "-o", "json"]))).items as any[];
  const bySigner = (name: string) => csrs.find((c) => c.spec.signerName === name);
  assert.match(bySigner("kubernetes.io/kube-apiserver-client-kubelet").spec.username, /^system:bootstrap:/);
  assert.equal(bySigner("kubernetes.io/kubelet-serving").spec.username, "system:node:joiner");
  for (const c of csrs)
    assert.deepEqual(
      c.status.conditions.map((x: any) => x.type),
      ["Approved"],
    );
  // the node says plainly that its pods are not isolated
  assert.match(ok(await s.kubectl(["describe", "node", "joiner"])), /PodIsolation\s+False.*ProcessRuntime/);
  ok(
    await s.kubectl([
      "run",
      "hello",
      "--image=busybox:1.35",
      "--",
      "sh",
      "-c",
      "echo hi from joiner; sleep 3600",
    ]),
  );
  await until(
    "hello Running",
    async () =>
      JSON.parse(ok(await s.kubectl(["get", "pod", "hello", "-o", "json"]))).status?.phase === "Running",
  );
  assert.equal(
    await until("its log", async () => ok(await s.kubectl(["logs", "hello"])) || undefined),
    "hi from joiner\n",
  );
  assert.equal(ok(await s.kubectl(["exec", "hello", "--", "sh", "-c", "echo exec-ok"])), "exec-ok\n");
});

test("a wrong join token is refused before anything is sent to the server", async () => {
  const wrong = "K10" + "0".repeat(64) + "::nope";
  const p = spawn(
    process.execPath,
    [k8tsBin, "agent", "--server", s.url, "--token", wrong, "--node-ip", "127.0.0.1"],
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let err = "";
  p.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await new Promise((r) => p.once("exit", r));
  assert.notEqual(code, 0);
  assert.match(err, /does not present the CA the token pins/);
});
