// Shared pieces for benchmarks: a row type, percentiles, and an HTTPS client bound to a running k8ts server.
import { Agent, request } from "node:https";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface BenchServer {
  pid: number;
  dataDir: string;
  kubeconfig: string;
  /** Spawn to the readiness line. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns `k8ts server` on a fresh data dir (under K8TS_BENCH_DIR when set, e.g. /dev/shm to take disk fsync
 * latency out of the figures) with a free port, warn-level logs and these flags (`--disable-agent` by default).
 */
export async function startBenchServer(args: string[], o: { agent?: boolean } = {}): Promise<BenchServer> {
  const dataDir = await mkdtemp(join(process.env.K8TS_BENCH_DIR ?? tmpdir(), "k8ts-bench-"));
  const t0 = performance.now();
  const p = spawn(
    process.execPath,
    [
      join(repo, "bin/k8ts.js"),
      "server",
      ...["--data-dir", dataDir, "--https-listen-port", "0", "--log-level", "warn"],
      ...(o.agent ? [] : ["--bind-address", "127.0.0.1", "--disable-agent"]),
      ...args,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((ok, fail) => {
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("is ready")) ok();
    });
    p.on("exit", (c) => fail(new Error(`server exited ${c}`)));
  });
  const readyMs = performance.now() - t0;
  return {
    pid: p.pid!,
    dataDir,
    kubeconfig: join(dataDir, "kubeconfig.yaml"),
    readyMs,
    async stop() {
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      await exited;
      if (o.agent) spawn(process.execPath, [join(repo, "bin/k8ts.js"), "killall", "--data-dir", dataDir]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A process's resident set in MB. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export interface Client {
  req(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }>;
  agent: Agent;
  base: { host: string; port: number; ca: string; cert: string; key: string };
}

/** An HTTPS client with the admin certificate from a kubeconfig k8ts wrote. */
export async function clientFromKubeconfig(path: string, maxSockets = 64): Promise<Client> {
  const kc = parse(await readFile(path, "utf8"));
  const url = new URL(kc.clusters[0].cluster.server);
  const b = (s: string) => Buffer.from(s, "base64").toString();
  const base = {
    host: url.hostname,
    port: Number(url.port),
    ca: b(kc.clusters[0].cluster["certificate-authority-data"]),
    cert: b(kc.users[0].user["client-certificate-data"]),
    key: b(kc.users[0].user["client-key-data"]),
  };
  const agent = new Agent({ keepAlive: true, maxSockets, ca: base.ca, cert: base.cert, key: base.key });
  const req = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: string }>((ok, fail) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const r = request(
        {
          host: base.host,
          port: base.port,
          method,
          path,
          agent,
          headers: data ? { "content-type": "application/json", "content-length": data.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      r.on("error", fail);
      r.end(data);
    });
  return { req, agent, base };
}

/** Runs `total` operations with `concurrency` workers; returns per-op latencies (ms) and the wall time. */
export async function load(total: number, concurrency: number, op: (i: number) => Promise<void>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const s = performance.now();
        await op(i);
        lat.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  lat.sort((a, b) => a - b);
  return { lat, wall, rate: (total / wall) * 1000, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}
