// The process runtime: for a machine without root or runc (or not Linux). Containers are host processes
// (one process group each) on the host network; the image's filesystem is ignored (only its config:
// Entrypoint, Cmd, Env, WorkingDir); limits and securityContext are not enforced. status().features says
// so, and the kubelet tells the user that pods are not isolated. State lives in this process only.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, resolve as resolvePath } from "node:path";
import { PassThrough, type Duplex } from "node:stream";
import type {
  AttachRequest,
  Container,
  ContainerConfig,
  ContainerFilter,
  ContainerState,
  ContainerStats,
  ContainerStatus,
  ExecRequest,
  ExecSyncResponse,
  ImageConfig,
  Labels,
  PodSandbox,
  PodSandboxConfig,
  PodSandboxFilter,
  PodSandboxStatus,
  RootfsProvider,
  RuntimeResult,
  RuntimeService,
  RuntimeStatus,
  StreamSession,
  VersionResponse,
} from "../cri.js";
import { fail, ok } from "../cri.js";
import { execSyncVia } from "../execsync.js";
import { connectLocal, validPort } from "../portforward/connect.js";
import { CriLogWriter, type CriLogOptions } from "../logs/cri-log.js";
import { processArgs, withDefaultPath, type ProcessArgs } from "../spec/process-args.js";
import { resizeTerminal, ttyAvailable, ttyCommand } from "../spec/tty.js";

export interface ProcessRuntimeOptions {
  /** Scratch directory: the working directory of containers whose WorkingDir does not exist on the host. */
  root: string;
  /** Where image configs come from (the image store); the layers are not used. */
  images: RootfsProvider;
  log?: CriLogOptions;
}

interface SandboxEntry {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  stopped: boolean;
}

interface ContainerEntry {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  imageRef: string;
  process: ProcessArgs;
  logPath: string;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  startError: string;
  child?: ChildProcess;
  writer?: CriLogWriter;
  exited?: Promise<void>;
  subscribers: Set<{ stdout?: PassThrough; stderr?: PassThrough }>;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function matchLabels(labels: Labels, selector: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

export class ProcessRuntime implements RuntimeService {
  private readonly sandboxes = new Map<string, SandboxEntry>();
  private readonly containers = new Map<string, ContainerEntry>();

  /** Containers cannot outlive this process (nothing would adopt them): their groups die with it. */
  private readonly killAll = (): void => {
    for (const c of this.containers.values())
      if (this.state(c) === "CONTAINER_RUNNING") this.signal(c, "SIGKILL");
  };

  constructor(private readonly opts: ProcessRuntimeOptions) {
    mkdirSync(opts.root, { recursive: true });
    process.on("exit", this.killAll);
  }

  version(): Promise<VersionResponse> {
    return Promise.resolve({
      version: "0.1.0",
      runtimeName: "process",
      runtimeVersion: process.version,
      runtimeApiVersion: "v1",
    });
  }

  status(): Promise<RuntimeStatus> {
    return Promise.resolve({
      conditions: [
        { type: "RuntimeReady", status: true, reason: "", message: "" },
        {
          type: "NetworkReady",
          status: true,
          reason: "HostNetwork",
          message: "pods run on the host network, not isolated",
        },
      ],
      features: {
        imageFilesystem: false,
        namespaces: false,
        resourceLimits: false,
        securityContext: false,
        survivesRestart: false,
      },
    });
  }

  // ---------- sandboxes ----------

  runPodSandbox(config: PodSandboxConfig): Promise<RuntimeResult<string>> {
    const id = randomBytes(32).toString("hex");
    this.sandboxes.set(id, { id, config, createdAt: Date.now(), stopped: false });
    return Promise.resolve(ok(id));
  }

  async stopPodSandbox(podSandboxId: string): Promise<RuntimeResult<void>> {
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    for (const c of [...this.containers.values()].filter((c) => c.sandboxId === podSandboxId))
      await this.stopContainer(c.id, 0);
    sb.stopped = true;
    return ok(undefined);
  }

  async removePodSandbox(podSandboxId: string): Promise<RuntimeResult<void>> {
    if (!this.sandboxes.has(podSandboxId)) return ok(undefined);
    for (const c of [...this.containers.values()].filter((c) => c.sandboxId === podSandboxId))
      await this.removeContainer(c.id);
    this.sandboxes.delete(podSandboxId);
    return ok(undefined);
  }

  podSandboxStatus(podSandboxId: string): Promise<RuntimeResult<PodSandboxStatus>> {
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb) return Promise.resolve(fail("NotFound", `sandbox ${podSandboxId} not found`));
    return Promise.resolve(
      ok({
        id: sb.id,
        metadata: sb.config.metadata,
        state: sb.stopped ? "SANDBOX_NOTREADY" : "SANDBOX_READY",
        createdAt: sb.createdAt,
        network: { ip: "", additionalIps: [] },
        netnsPath: "",
        labels: sb.config.labels ?? {},
        annotations: sb.config.annotations ?? {},
      }),
    );
  }

  listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const sb of this.sandboxes.values()) {
      const state = sb.stopped ? "SANDBOX_NOTREADY" : "SANDBOX_READY";
      if (filter.id && filter.id !== sb.id) continue;
      if (filter.state && filter.state !== state) continue;
      if (!matchLabels(sb.config.labels ?? {}, filter.labelSelector)) continue;
      out.push({
        id: sb.id,
        metadata: sb.config.metadata,
        state,
        createdAt: sb.createdAt,
        labels: sb.config.labels ?? {},
        annotations: sb.config.annotations ?? {},
      });
    }
    return Promise.resolve(out);
  }

  // ---------- containers ----------

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<RuntimeResult<string>> {
    const sb = this.sandboxes.get(podSandboxId);
    if (!sb) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    if (sb.stopped) return fail("FailedPrecondition", `sandbox ${podSandboxId} is not ready`);
    const image = await this.opts.images.resolve(config.image);
    if (!image.ok) return image;
    const id = randomBytes(32).toString("hex");
    const imageConfig: ImageConfig = image.value.config;
    const p = processArgs(imageConfig, config);
    if (p.args.length === 0) return fail("InvalidArgument", "no command specified");
    this.containers.set(id, {
      id,
      sandboxId: podSandboxId,
      config,
      imageRef: image.value.imageRef,
      process: { ...p, env: withDefaultPath(p.env) },
      logPath: resolvePath(sandboxConfig.logDirectory || sb.config.logDirectory, config.logPath),
      createdAt: Date.now(),
      startedAt: 0,
      finishedAt: 0,
      exitCode: 0,
      startError: "",
      subscribers: new Set(),
    });
    return ok(id);
  }

  /** The container's working directory on the host: its WorkingDir if the host has it, else a scratch dir. */
  private cwd(c: ContainerEntry): string {
    try {
      if (statSync(c.process.cwd).isDirectory()) return c.process.cwd;
    } catch {
      // not on this host
    }
    const dir = join(this.opts.root, c.id);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  async startContainer(containerId: string): Promise<RuntimeResult<void>> {
    const c = this.containers.get(containerId);
    if (!c) return fail("NotFound", `container ${containerId} not found`);
    if (c.startedAt > 0 || c.startError)
      return fail("FailedPrecondition", `container ${containerId} is not in created state`);
    const tty = c.config.tty === true && ttyAvailable();
    const [file = "", ...args] = tty
      ? [ttyCommand(c.process.args).file, ...ttyCommand(c.process.args).args]
      : c.process.args;
    c.startedAt = Date.now();
    const child = spawn(file, args, {
      cwd: this.cwd(c),
      env: Object.fromEntries(
        c.process.env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
      ),
      stdio: [c.config.stdin ? "pipe" : "ignore", "pipe", "pipe"],
      // Its own process group, so stop reaches the whole tree.
      detached: true,
    });
    const spawned = await new Promise<Error | undefined>((resolve) => {
      child.once("spawn", () => resolve(undefined));
      child.once("error", (err) => resolve(err));
    });
    if (spawned) {
      c.startError = `exec: ${JSON.stringify(file)}: ${(spawned as NodeJS.ErrnoException).code === "ENOENT" ? "executable file not found in $PATH" : spawned.message}`;
      c.finishedAt = Date.now();
      c.exitCode = 128;
      return fail("Internal", c.startError);
    }
    child.stdin?.on("error", () => undefined);
    c.child = child;
    const writer = new CriLogWriter(c.logPath, this.opts.log);
    c.writer = writer;
    child.stdout?.on("data", (b: Buffer) => {
      for (const s of c.subscribers) s.stdout?.write(b);
    });
    child.stderr?.on("data", (b: Buffer) => {
      for (const s of c.subscribers) s.stderr?.write(b);
    });
    const drained = Promise.all([
      writer.follow("stdout", child.stdout!),
      writer.follow("stderr", child.stderr!),
    ]);
    const exitedProcess = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        c.exitCode = code ?? 128 + (signal ? (SIGNALS[signal] ?? 15) : 0);
        c.finishedAt = Date.now();
        resolve();
      });
    });
    c.exited = Promise.all([exitedProcess, drained]).then(() => {
      writer.close();
      for (const s of c.subscribers) {
        s.stdout?.end();
        s.stderr?.end();
      }
    });
    return ok(undefined);
  }

  private state(c: ContainerEntry): ContainerState {
    if (c.startError || c.finishedAt > 0) return "CONTAINER_EXITED";
    return c.startedAt > 0 ? "CONTAINER_RUNNING" : "CONTAINER_CREATED";
  }

  private signal(c: ContainerEntry, sig: NodeJS.Signals): void {
    if (!c.child?.pid) return;
    try {
      process.kill(-c.child.pid, sig);
    } catch {
      // the group is gone
    }
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<RuntimeResult<void>> {
    const c = this.containers.get(containerId);
    if (!c) return fail("NotFound", `container ${containerId} not found`);
    if (this.state(c) !== "CONTAINER_RUNNING") return ok(undefined);
    if (timeoutSeconds > 0) {
      this.signal(c, "SIGTERM");
      const deadline = Date.now() + timeoutSeconds * 1000;
      while (c.finishedAt === 0 && Date.now() < deadline) await sleep(10);
    }
    if (c.finishedAt === 0) this.signal(c, "SIGKILL");
    // A grandchild that left the group could hold the pipes open; the exit of the process itself is enough.
    while (c.finishedAt === 0) await sleep(10);
    await Promise.race([c.exited, sleep(2000)]);
    return ok(undefined);
  }

  async removeContainer(containerId: string): Promise<RuntimeResult<void>> {
    const c = this.containers.get(containerId);
    if (!c) return ok(undefined);
    await this.stopContainer(containerId, 0);
    c.child?.stdout?.destroy();
    c.child?.stderr?.destroy();
    c.writer?.close();
    this.containers.delete(containerId);
    rmSync(join(this.opts.root, containerId), { recursive: true, force: true });
    return ok(undefined);
  }

  async containerStatus(containerId: string): Promise<RuntimeResult<ContainerStatus>> {
    const c = this.containers.get(containerId);
    if (!c) return fail("NotFound", `container ${containerId} not found`);
    const state = this.state(c);
    // Logs are complete when status says exited.
    if (state === "CONTAINER_EXITED") await Promise.race([c.exited, sleep(2000)]);
    const reason = c.startError
      ? "StartError"
      : state === "CONTAINER_EXITED"
        ? c.exitCode === 0
          ? "Completed"
          : "Error"
        : "";
    return ok({
      id: c.id,
      metadata: c.config.metadata,
      state,
      createdAt: c.createdAt,
      startedAt: c.startError ? 0 : c.startedAt,
      finishedAt: c.finishedAt,
      exitCode: c.exitCode,
      image: c.config.image,
      imageRef: c.imageRef,
      reason,
      message: c.startError,
      labels: c.config.labels ?? {},
      annotations: c.config.annotations ?? {},
      mounts: c.config.mounts ?? [],
      logPath: c.logPath,
    });
  }

  listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const out: Container[] = [];
    for (const c of this.containers.values()) {
      const state = this.state(c);
      if (filter.id && filter.id !== c.id) continue;
      if (filter.podSandboxId && filter.podSandboxId !== c.sandboxId) continue;
      if (filter.state && filter.state !== state) continue;
      if (!matchLabels(c.config.labels ?? {}, filter.labelSelector)) continue;
      out.push({
        id: c.id,
        podSandboxId: c.sandboxId,
        metadata: c.config.metadata,
        image: c.config.image,
        imageRef: c.imageRef,
        state,
        createdAt: c.createdAt,
        labels: c.config.labels ?? {},
        annotations: c.config.annotations ?? {},
      });
    }
    return Promise.resolve(out);
  }

  reopenContainerLog(containerId: string): Promise<RuntimeResult<void>> {
    const c = this.containers.get(containerId);
    if (!c) return Promise.resolve(fail("NotFound", `container ${containerId} not found`));
    if (this.state(c) !== "CONTAINER_RUNNING" || !c.writer)
      return Promise.resolve(fail("FailedPrecondition", `container ${containerId} is not running`));
    c.writer.reopen();
    return Promise.resolve(ok(undefined));
  }

  // ---------- exec and attach ----------

  private running(containerId: string): RuntimeResult<ContainerEntry> {
    const c = this.containers.get(containerId);
    if (!c) return fail("NotFound", `container ${containerId} not found`);
    if (this.state(c) !== "CONTAINER_RUNNING")
      return fail("FailedPrecondition", `container ${containerId} is not running`);
    return ok(c);
  }

  execSync(
    containerId: string,
    cmd: string[],
    timeoutSeconds: number,
  ): Promise<RuntimeResult<ExecSyncResponse>> {
    return execSyncVia((req) => this.exec(req), containerId, cmd, timeoutSeconds);
  }

  exec(req: ExecRequest): Promise<RuntimeResult<StreamSession>> {
    const r = this.running(req.containerId);
    if (!r.ok) return Promise.resolve(r);
    const c = r.value;
    const tty = req.tty === true && ttyAvailable();
    const [file = "", ...args] = tty ? [ttyCommand(req.cmd).file, ...ttyCommand(req.cmd).args] : req.cmd;
    const child = spawn(file, args, {
      cwd: this.cwd(c),
      env: Object.fromEntries(
        c.process.env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
      ),
      stdio: [
        req.stdin ? "pipe" : "ignore",
        req.stdout === false ? "ignore" : "pipe",
        req.stderr === false ? "ignore" : "pipe",
      ],
      detached: true,
    });
    child.stdin?.on("error", () => undefined);
    const exit = new Promise<number>((resolve) => {
      child.once("error", () => resolve(126));
      child.once("close", (code, signal) => resolve(code ?? 128 + (signal ? (SIGNALS[signal] ?? 15) : 0)));
    });
    return Promise.resolve(
      ok({
        stdin: child.stdin ?? undefined,
        stdout: child.stdout ?? undefined,
        stderr: tty ? undefined : (child.stderr ?? undefined),
        resize: (size) => (tty ? resizeTerminal(child.pid, size) : undefined),
        exit,
        close: () => {
          try {
            if (child.pid) process.kill(-child.pid, "SIGKILL");
          } catch {
            // gone
          }
        },
      }),
    );
  }

  attach(req: AttachRequest): Promise<RuntimeResult<StreamSession>> {
    const r = this.running(req.containerId);
    if (!r.ok) return Promise.resolve(r);
    const c = r.value;
    const sub = {
      stdout: req.stdout === false ? undefined : new PassThrough(),
      stderr: req.stderr === false ? undefined : new PassThrough(),
    };
    c.subscribers.add(sub);
    let stdin: PassThrough | undefined;
    if (req.stdin && c.child?.stdin) {
      stdin = new PassThrough();
      stdin.on("data", (b: Buffer) => c.child?.stdin?.write(b));
    }
    let detach: () => void = () => undefined;
    const detached = new Promise<void>((resolve) => (detach = resolve));
    const exit = Promise.race([c.exited, detached]).then(() => {
      c.subscribers.delete(sub);
      return c.exitCode;
    });
    return Promise.resolve(
      ok({
        stdin,
        stdout: sub.stdout,
        stderr: sub.stderr,
        resize: (size) => (c.config.tty ? resizeTerminal(c.child?.pid, size) : undefined),
        exit,
        close: () => {
          c.subscribers.delete(sub);
          sub.stdout?.end();
          sub.stderr?.end();
          detach();
        },
      }),
    );
  }

  /** Containers share the host's network: the port is on the host's loopback. */
  portForward(podSandboxId: string, port: number): Promise<RuntimeResult<Duplex>> {
    if (!this.sandboxes.has(podSandboxId))
      return Promise.resolve(fail("NotFound", `sandbox ${podSandboxId} not found`));
    const v = validPort(port);
    if (!v.ok) return Promise.resolve(v);
    return connectLocal(port);
  }

  // ---------- stats ----------

  containerStats(containerId: string): Promise<RuntimeResult<ContainerStats>> {
    const c = this.containers.get(containerId);
    if (!c) return Promise.resolve(fail("NotFound", `container ${containerId} not found`));
    return Promise.resolve(ok(this.stats(c)));
  }

  /** CPU and resident memory of the container's main process, from /proc (Linux); zeros elsewhere. */
  private stats(c: ContainerEntry): ContainerStats {
    let cpu = 0;
    let rss = 0;
    const pid = c.child?.pid;
    if (pid && this.state(c) === "CONTAINER_RUNNING" && existsSync(`/proc/${pid}/stat`)) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
        // utime and stime are fields 14 and 15 (1-based), in clock ticks of 10 ms.
        cpu = (Number(fields[11]) + Number(fields[12])) * 10_000_000;
        rss = Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * 4096;
      } catch {
        // exited meanwhile
      }
    }
    return {
      id: c.id,
      metadata: c.config.metadata,
      timestamp: Date.now(),
      cpuUsageCoreNanoSeconds: cpu,
      memoryUsageBytes: rss,
      memoryWorkingSetBytes: rss,
      writableLayerUsedBytes: 0,
    };
  }

  async listContainerStats(filter: ContainerFilter = {}): Promise<ContainerStats[]> {
    const list = await this.listContainers({ ...filter, state: filter.state ?? "CONTAINER_RUNNING" });
    return list
      .map((l) => this.containers.get(l.id))
      .filter((c): c is ContainerEntry => !!c)
      .map((c) => this.stats(c));
  }

  /** Containers are children of this process: closing the runtime stops them. */
  async close(): Promise<void> {
    for (const c of [...this.containers.values()]) await this.stopContainer(c.id, 0);
    process.off("exit", this.killAll);
  }
}
