// A real etcd for tests and benchmarks: one member on 127.0.0.1 with free client and peer ports and a
// temporary data dir, started from the etcd binary (Debian's etcd-server package puts it at /usr/bin/etcd).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ETCD_BINARY = process.env.K8TS_ETCD_BINARY ?? "/usr/bin/etcd";

export interface EtcdProcess {
  /** Client URL, e.g. "http://127.0.0.1:40123". */
  endpoint: string;
  dataDir: string;
  /** Kills etcd (SIGKILL) and starts it again on the same ports and data. */
  restart(): Promise<void>;
  /** Kills etcd and removes its data dir. */
  stop(): Promise<void>;
}

export function etcdAvailable(): boolean {
  return existsSync(ETCD_BINARY);
}

const STARTUP_TIMEOUT_MS = 30_000;

export async function startEtcd(): Promise<EtcdProcess> {
  const [clientPort, peerPort] = await Promise.all([freePort(), freePort()]);
  const dataDir = mkdtempSync(join(tmpdir(), "k8ts-etcd-"));
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    "--name=k8ts-test",
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${endpoint}`,
    `--advertise-client-urls=${endpoint}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=k8ts-test=${peer}`,
    "--initial-cluster-state=new",
    "--logger=zap",
    "--log-level=error",
  ];
  let child: ChildProcess | undefined;
  let stderr = "";
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const launch = async () => {
    stderr = "";
    child = spawn(ETCD_BINARY, args, { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    await waitHealthy(endpoint, child, () => stderr);
  };
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    if (child) await terminate(child, "SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  };
  const restart = async () => {
    if (child) await terminate(child, "SIGKILL");
    await launch();
  };
  try {
    await launch();
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, dataDir, restart, stop };
}

async function waitHealthy(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`etcd exited during startup (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
    try {
      const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await res.json()) as { health?: string };
      if (body.health === "true") return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`etcd at ${endpoint} not healthy after ${STARTUP_TIMEOUT_MS} ms: ${stderr()}`);
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
