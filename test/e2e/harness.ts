// Starts a real `k8ts server` (temp data dir, free port) and drives it with the real kubectl.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, realpath } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
export const k8tsBin = join(repo, "bin/k8ts.js");

export type Backend = "sqlite" | "etcd";

/** Both store backends when etcd is installed (CI installs it), else SQLite alone. */
export function backends(): Backend[] {
  return existsSync("/usr/bin/etcd") || spawnSync("which", ["etcd"]).status === 0
    ? ["sqlite", "etcd"]
    : ["sqlite"];
}

export interface RunningServer {
  url: string;
  dataDir: string;
  kubeconfig: string;
  backend: Backend;
  proc: ChildProcess;
  stderr: () => string;
  /** Everything the server printed on stdout (the readiness line, the ingress controller's ports). */
  stdout: () => string;
  /** The N of the agent's pod network 10.N.0.0/16. */
  podNetwork?: number;
  /** Stops the server; with keepData the data dir stays (and an agent's containers keep running) for a restart. */
  stop(o?: { keepData?: boolean }): Promise<void>;
  /** The real kubectl: the dispatcher on PATH, or a versioned binary ("1.27", "1.33"). */
  kubectl(args: string[], o?: KubectlOptions): Promise<KubectlResult>;
}

export interface KubectlOptions {
  version?: string;
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}
export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let kubectlDir: string | undefined;
async function kubectlPath(version?: string): Promise<string> {
  if (!version) return "kubectl";
  kubectlDir ??= dirname(await realpath(spawnSync("which", ["kubectl"], { encoding: "utf8" }).stdout.trim()));
  return join(kubectlDir, `kubectl.${version}`);
}

export async function runKubectl(
  kubeconfig: string,
  cacheDir: string,
  args: string[],
  o: KubectlOptions = {},
): Promise<KubectlResult> {
  const bin = await kubectlPath(o.version);
  return new Promise((ok) => {
    const p = spawn(bin, args, {
      env: {
        ...process.env,
        KUBECONFIG: kubeconfig,
        KUBECACHEDIR: cacheDir,
        HOME: dirname(cacheDir),
        ...o.env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => p.kill("SIGKILL"), o.timeoutMs ?? 60_000);
    p.on("close", (code) => {
      clearTimeout(timer);
      ok({ code, stdout, stderr });
    });
    p.stdin.end(o.input ?? "");
  });
}

export interface StartOptions {
  backend?: Backend;
  extraArgs?: string[];
  /**
   * Run the agent (a real kubelet with runc, CNI and kube-proxy) on a pod network of its own: a free
   * 10.N.0.0/16 and a bridge named for it, the node at 127.0.0.1 and the API server advertised at the
   * bridge's gateway, so pods reach it without traffic to the host's interface address.
   */
  agent?: boolean;
  /** Start on an existing data dir (a restart) instead of a new temp dir. */
  dataDir?: string;
  /** The N of the agent's 10.N.0.0/16 (a restart keeps its network); default a free one. */
  podNetwork?: number;
}

/** A 10.N.0.0/16 no route of this host uses yet. */
function freePodNetwork(): number {
  const routes = spawnSync("ip", ["-4", "route", "show", "table", "all"], { encoding: "utf8" }).stdout ?? "";
  for (let n = 100; n < 200; n++) if (!routes.includes(`10.${n}.`)) return n;
  throw new Error("no free 10.N.0.0/16 for the pod network");
}

/** Starts etcd (for the etcd backend) and `k8ts server`; resolves once the readiness line is printed. */
export async function startServer(o: StartOptions = {}): Promise<RunningServer> {
  const backend = o.backend ?? "sqlite";
  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), `k8ts-e2e-${backend}-`)));
  const args = [k8tsBin, "server", "--data-dir", dataDir, "--https-listen-port", "0"];
  let podNetwork: number | undefined;
  if (o.agent) {
    const n = o.podNetwork ?? freePodNetwork();
    podNetwork = n;
    args.push(
      ...["--bind-address", "0.0.0.0", "--advertise-address", `10.${n}.0.1`, "--node-ip", "127.0.0.1"],
      ...["--cluster-cidr", `10.${n}.0.0/16`, "--cni-bridge", `k8ts-e2e-${n}`, "--kubelet-port", "0"],
      ...["--node-name", "e2e-node", "--ingress-http-port", "0", "--ingress-https-port", "0"],
    );
  } else args.push("--bind-address", "127.0.0.1", "--disable-agent");
  let etcd: { endpoint: string; stop(): Promise<void> } | undefined;
  if (backend === "etcd") {
    const { startEtcd } = (await import(join(repo, "dist/src/storage/etcd/testing.js"))) as {
      startEtcd: () => Promise<{ endpoint: string; stop(): Promise<void> }>;
    };
    etcd = await startEtcd();
    args.push("--datastore-endpoint", etcd.endpoint);
  }
  args.push(...(o.extraArgs ?? []));
  const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  proc.stderr.on("data", (d: Buffer) => {
    err += d.toString();
    if (err.length > 1_000_000) err = err.slice(-500_000);
  });
  let out = "";
  proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`k8ts server did not become ready in 30s:\n${err.slice(-4000)}`)),
      30_000,
    );
    proc.stdout.on("data", () => {
      const m = /ready at (https:\/\/\S+?);/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    proc.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`k8ts server exited (${code}) before ready:\n${err.slice(-4000)}`));
    });
  });
  const kubeconfig = join(dataDir, "kubeconfig.yaml");
  const cacheDir = join(dataDir, "home", ".kube", "cache");
  return {
    url,
    dataDir,
    kubeconfig,
    backend,
    proc,
    stderr: () => err,
    stdout: () => out,
    podNetwork,
    kubectl: (a, ko) => runKubectl(kubeconfig, cacheDir, a, ko),
    async stop(so = {}) {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(t);
      }
      if (so.keepData) return;
      await etcd?.stop();
      // The agent's containers, network namespaces, bridge and iptables rules outlive the server by design.
      if (o.agent)
        spawnSync(process.execPath, [k8tsBin, "killall", "--data-dir", dataDir], { stdio: "inherit" });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Fails with kubectl's output when the command did not exit 0. */
export function ok(r: KubectlResult, what = "kubectl"): string {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
}

/**
 * Polls check() every 250 ms until it returns something truthy; past the deadline, fails with the last
 * observation (and `detail()`, e.g. a process's stderr).
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  detail?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${String(last)}${detail ? "\n" + detail() : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Polls fn every 50 ms until it returns a value (neither undefined nor false), or fails after `ms` (the
 * in-process controller and kubelet tests' helper).
 */
export async function eventually<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${ms} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
