// The runc runtime: an OCI bundle per container, its root filesystem an overlay of the image's layers, a
// sandbox per pod (pinned network, IPC and UTS namespaces: bind mounts, no process) that its containers join.
// Its state is split as containerd's: the volatile part (records, bundles, FIFOs, the shims' files, runc's
// own root) in files under `state`, on a tmpfs (/run/k8ts/runc/...), so a new RuncRuntime on the same root
// adopts the sandboxes and containers a previous one left running; only the containers' writable layers
// (overlay upper and work dirs) are on disk under `root`, since a container's writes must not use memory.
import { createHash, randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import {
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  readdirSync,
  renameSync,
} from "node:fs";
import { mkdir, rm, rmdir, writeFile } from "node:fs/promises";
import { Socket } from "node:net";
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
  ImageLayers,
  ImageSpec,
  Labels,
  PodNetwork,
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
import { CriLogWriter, type CriLogOptions } from "../logs/cri-log.js";
import { processArgs, withDefaultPath } from "../spec/process-args.js";
import { hostBusybox } from "./busybox-rootfs.js";
import { connectInNetns, connectLocal, validPort } from "../portforward/connect.js";
import { cgroupUsage, containerCgroupsPath, removeCgroupTree, CGROUP_PARENT } from "./cgroups.js";
import { command, runcLogError } from "./command.js";
import { resolveImageUser } from "./image-user.js";
import { ensurePrivateMount, ensureSharedMount, ensureTmpfs, isMountedOver, unmountUnder } from "./mounts.js";
import { MountPointLayers, mountPointEntries } from "./mountpoints.js";
import { containerSpec, type OciNamespace, type OciProcessArgs } from "./oci-spec.js";
import { pinNamespaces, unpinNamespaces, type SandboxPins } from "./sandbox-namespaces.js";
import { startShim } from "./shim.js";
import { mkfifo, mount, unmountOrDetach } from "../spawner/hostcalls.js";
import { resizeTerminal, ttyAvailable, ttyCommand } from "../spec/tty.js";

export interface RuncRuntimeOptions {
  /** Disk directory for the containers' writable layers; e.g. <data-dir>/agent/runtime/runc. */
  root: string;
  /** Volatile state (records, bundles, FIFOs, the shims' files, runc's root); default
   * defaultStateDir(root), on a tmpfs this runtime mounts if /run is not one. */
  state?: string;
  rootfs: RootfsProvider;
  /** Sets up a sandbox's network inside its namespace (CNI); without it a sandbox has only loopback. */
  network?: PodNetwork;
  /** The runc binary. */
  runc?: string;
  log?: CriLogOptions;
}

interface SandboxRecord {
  id: string;
  config: PodSandboxConfig;
  createdAt: number;
  /** Name under /run/netns, "" in NODE network mode. */
  netns: string;
  /** The pinned IPC and UTS namespaces (under NS_DIR), "" when the pod uses the host's. */
  ipcns?: string;
  utsns?: string;
  ip: string;
  additionalIps: string[];
  stopped: boolean;
}

interface ContainerRecord {
  id: string;
  sandboxId: string;
  config: ContainerConfig;
  createdAt: number;
  startedAt: number;
  imageRef: string;
  /** The key of the mount points layer laid over the image (mountpoints.ts), when it has one. */
  mountPoints?: string;
  logPath: string;
  shimPid: number;
  /** Set when the container could not be started (reported as StartError, exit 128). */
  startError?: string;
  stopSignal: string;
}

/** What this process holds for a running container: its log copier and the attach subscribers. */
interface LiveContainer {
  writer: CriLogWriter;
  stdout: Socket;
  stderr: Socket;
  stdin?: Socket;
  subscribers: Set<{ stdout?: PassThrough; stderr?: PassThrough }>;
  drained: Promise<void>;
}

const WAIT_START_MS = 15_000;
const NETNS_DIR = "/run/netns";
/** Where sandboxes pin their IPC and UTS namespaces, as `ip netns` pins network namespaces in /run/netns:
 * a mount of its own with private propagation, so pinning one is not copied to every peer mount. */
const NS_DIR = "/run/k8ts/ns";
/** The tmpfs holding every runtime's state directory (one per root). */
export const STATE_PARENT = "/run/k8ts/runc";

/** The state directory of the runtime on `root`: one per root, so two servers with different data dirs on
 * one host never share state, and the same one again after a restart. */
export function defaultStateDir(root: string): string {
  const key = createHash("sha256").update(resolvePath(root)).digest("hex").slice(0, 16);
  return join(STATE_PARENT, key);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function matchLabels(labels: Labels, selector: Labels | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

function newId(): string {
  return randomBytes(32).toString("hex");
}

export class RuncRuntime implements RuntimeService {
  private readonly runcRoot: string;
  private readonly runc: string;
  private readonly live = new Map<string, LiveContainer>();
  /** Sandbox and container records by id, as last read or written (see readRecord). */
  private readonly records = new Map<string, object>();
  /** The process (args, env, cwd) of containers created and not yet started. */
  private readonly created = new Map<string, OciProcessArgs>();
  /** Image lookups under way, by image name. */
  private readonly resolving = new Map<string, Promise<RuntimeResult<ImageLayers>>>();

  private readonly state: string;
  private readonly mountPoints: MountPointLayers;

  private constructor(private readonly opts: RuncRuntimeOptions) {
    this.state = resolvePath(opts.state ?? defaultStateDir(opts.root));
    this.runcRoot = join(this.state, "runc");
    this.runc = opts.runc ?? "runc";
    this.mountPoints = new MountPointLayers(join(this.state, "mountpoints"));
  }

  /** Opens the runtime on its state and disk directories, adopting what a previous instance left running and
   * removing writable layers no container has any more (after a reboot emptied the state). */
  static async open(opts: RuncRuntimeOptions): Promise<RuncRuntime> {
    if (opts.state === undefined) await ensureTmpfs(STATE_PARENT);
    const rt = new RuncRuntime(opts);
    for (const d of ["sandboxes", "containers", "runc"])
      mkdirSync(join(rt.state, d), { recursive: true, mode: 0o700 });
    mkdirSync(join(opts.root, "containers"), { recursive: true });
    await ensurePrivateMount(NS_DIR);
    await ensureSharedMount(NETNS_DIR);
    if (rt.state !== resolvePath(opts.root)) {
      await rt.removeOldLayout();
      await rt.removeOrphanLayers();
    }
    for (const id of readdirSync(join(rt.state, "containers"))) {
      const rec = rt.readContainer(id);
      if (rec && rec.startedAt > 0 && !existsSync(rt.cpath(id, "exit")) && rt.shimAlive(rec))
        rt.follow(rec, true);
    }
    rt.mountPoints.open(rt.allContainers().flatMap((c) => (c.mountPoints ? [c.mountPoints] : [])));
    return rt;
  }

  /** Versions before the state/disk split kept everything under root (root/sandboxes, root/runc and the
   * records in root/containers/<id>). Their sandboxes are removed as a whole (containers, network, pins),
   * by a runtime whose state is root: the kubelet makes new ones, as after a reboot. */
  private async removeOldLayout(): Promise<void> {
    const root = resolvePath(this.opts.root);
    if (!existsSync(join(root, "sandboxes")) && !existsSync(join(root, "runc"))) return;
    const old = new RuncRuntime({ ...this.opts, state: root });
    for (const s of old.allSandboxes()) await old.removePodSandbox(s.id);
    for (const c of old.allContainers()) await old.removeContainer(c.id);
    for (const d of ["sandboxes", "runc", "mountpoints"]) {
      const dir = join(root, d);
      if ((await unmountUnder(dir)) === "") await rm(dir, { recursive: true, force: true });
    }
  }

  /** Writable layers on disk whose container has no state (gone with a reboot, or removed half-way). The state
   * directory is made before the disk one, so a container being created is never taken for one of them. */
  private async removeOrphanLayers(): Promise<void> {
    for (const id of readdirSync(join(this.opts.root, "containers"))) {
      if (existsSync(this.cpath(id))) continue;
      const dir = this.dpath(id);
      if ((await unmountUnder(dir)) === "") await rm(dir, { recursive: true, force: true });
    }
  }

  // ---------- paths and records ----------

  /** A sandbox's state: its record, the pod's hostname and resolv.conf files. */
  private spath(id: string, ...rest: string[]): string {
    return join(this.state, "sandboxes", id, ...rest);
  }

  /** A container's state: record, bundle, root filesystem mount point, FIFOs and the shim's files. */
  private cpath(id: string, ...rest: string[]): string {
    return join(this.state, "containers", id, ...rest);
  }

  /** A container's writable layer on disk (overlay upper and work dirs). */
  private dpath(id: string, ...rest: string[]): string {
    return join(this.opts.root, "containers", id, ...rest);
  }

  /** Reads a record through the cache. Records change only through this runtime (the shim writes files of
   * its own), so one read from the state directory per record is enough: a record is cached when it is
   * read or written and dropped when it is removed. The kubelet lists every sandbox and container several
   * times per pod sync; reading (or even stat-ing) them all each time grew with the square of the pods. */
  private readRecord<T extends object>(path: string, id: string): T | undefined {
    const rec = this.cachedRecord<T>(path, id);
    return rec && { ...rec };
  }

  /** The cached record itself, for reading only: listing copies only what it returns. */
  private cachedRecord<T extends object>(path: string, id: string): Readonly<T> | undefined {
    const hit = this.records.get(id);
    if (hit) return hit as T;
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    try {
      const rec = JSON.parse(readFileSync(path, "utf8")) as T;
      this.records.set(id, rec);
      return rec;
    } catch {
      return undefined;
    }
  }

  private readSandbox(id: string): SandboxRecord | undefined {
    return this.readRecord<SandboxRecord>(this.spath(id, "sandbox.json"), id);
  }

  private writeSandbox(rec: SandboxRecord): void {
    // write-then-rename: a crash never leaves half a record
    writeFileSync(this.spath(rec.id, "sandbox.json.tmp"), JSON.stringify(rec));
    renameSync(this.spath(rec.id, "sandbox.json.tmp"), this.spath(rec.id, "sandbox.json"));
    this.records.set(rec.id, { ...rec });
  }

  private readContainer(id: string): ContainerRecord | undefined {
    return this.readRecord<ContainerRecord>(this.cpath(id, "container.json"), id);
  }

  private writeContainer(rec: ContainerRecord): void {
    writeFileSync(this.cpath(rec.id, "container.json.tmp"), JSON.stringify(rec));
    renameSync(this.cpath(rec.id, "container.json.tmp"), this.cpath(rec.id, "container.json"));
    this.records.set(rec.id, { ...rec });
  }

  /** The ids in the state's sandboxes or containers directory (none once close() removed an empty state). */
  private ids(kind: "sandboxes" | "containers"): string[] {
    try {
      return readdirSync(join(this.state, kind));
    } catch {
      return [];
    }
  }

  /** Every sandbox's record as cached (not to be changed: readSandbox gives a copy for that). */
  private allSandboxes(): Readonly<SandboxRecord>[] {
    return this.ids("sandboxes")
      .map((id) => this.cachedRecord<SandboxRecord>(this.spath(id, "sandbox.json"), id))
      .filter((s) => s !== undefined);
  }

  /** Every container's record as cached (not to be changed: readContainer gives a copy for that). */
  private allContainers(): Readonly<ContainerRecord>[] {
    return this.ids("containers")
      .map((id) => this.cachedRecord<ContainerRecord>(this.cpath(id, "container.json"), id))
      .filter((c) => c !== undefined);
  }

  private shimAlive(rec: { id: string; shimPid: number }): boolean {
    if (!rec.shimPid) return false;
    try {
      return readFileSync(`/proc/${rec.shimPid}/cmdline`, "utf8").includes(rec.id);
    } catch {
      return false;
    }
  }

  // ---------- runtime ----------

  async version(): Promise<VersionResponse> {
    const v = await command(this.runc, ["--version"]);
    return {
      version: "0.1.0",
      runtimeName: "runc",
      runtimeVersion: /runc version (\S+)/.exec(v.stdout)?.[1] ?? "unknown",
      runtimeApiVersion: "v1",
    };
  }

  async status(): Promise<RuntimeStatus> {
    const v = await command(this.runc, ["--version"]);
    return {
      conditions: [
        {
          type: "RuntimeReady",
          status: v.code === 0,
          reason: v.code === 0 ? "" : "RuncMissing",
          message: v.code === 0 ? "" : v.stderr,
        },
        {
          type: "NetworkReady",
          status: true,
          reason: "",
          message: this.opts.network ? "" : "pods have loopback only (no pod network configured)",
        },
      ],
      features: {
        imageFilesystem: true,
        namespaces: true,
        resourceLimits: true,
        securityContext: true,
        survivesRestart: true,
      },
    };
  }

  // ---------- sandboxes ----------

  async runPodSandbox(config: PodSandboxConfig): Promise<RuntimeResult<string>> {
    const id = newId();
    mkdirSync(this.spath(id), { recursive: true });
    const hostNetwork = config.linux?.networkMode === "NODE";
    const rec: SandboxRecord = {
      id,
      config,
      createdAt: Date.now(),
      netns: hostNetwork ? "" : `k8ts-${id.slice(0, 16)}`,
      ...(config.linux?.ipcMode !== "NODE" ? { ipcns: join(NS_DIR, `${id.slice(0, 16)}-ipc`) } : {}),
      ...(hostNetwork ? {} : { utsns: join(NS_DIR, `${id.slice(0, 16)}-uts`) }),
      ip: "",
      additionalIps: [],
      stopped: false,
    };
    this.writeSandbox(rec);
    const cleanup = async (message: string): Promise<RuntimeResult<string>> => {
      await this.removePodSandbox(id);
      return fail("Internal", message);
    };
    // the pod network's loopback plugin brings lo up; without a pod network, this does
    const pinned = await pinNamespaces(
      this.pins(rec),
      config.hostname ?? config.metadata.name,
      !this.opts.network,
    );
    if (pinned) {
      // pinNamespaces undid its part; the sandbox must not remove files that may not be its own
      rec.netns = "";
      delete rec.ipcns;
      delete rec.utsns;
      this.writeSandbox(rec);
      return cleanup(pinned);
    }
    if (rec.netns && this.opts.network) {
      const net = await this.opts.network.setUp(this.networkTarget(rec));
      if (!net.ok) return cleanup(`setting up the pod network: ${net.error.message}`);
      rec.ip = net.value.ip;
      rec.additionalIps = net.value.additionalIps;
      this.writeSandbox(rec);
    }
    if (config.dnsConfig) {
      const d = config.dnsConfig;
      const lines = [
        ...(d.searches.length ? [`search ${d.searches.join(" ")}`] : []),
        ...d.servers.map((s) => `nameserver ${s}`),
        ...(d.options.length ? [`options ${d.options.join(" ")}`] : []),
      ];
      await writeFile(this.spath(id, "resolv.conf"), lines.join("\n") + "\n");
    }
    await writeFile(this.spath(id, "hostname"), `${config.hostname ?? config.metadata.name}\n`);
    return ok(id);
  }

  private pins(rec: SandboxRecord): SandboxPins {
    return { net: rec.netns ? join(NETNS_DIR, rec.netns) : "", ipc: rec.ipcns ?? "", uts: rec.utsns ?? "" };
  }

  private networkTarget(rec: SandboxRecord): Parameters<PodNetwork["setUp"]>[0] {
    return {
      podSandboxId: rec.id,
      name: rec.config.metadata.name,
      namespace: rec.config.metadata.namespace,
      uid: rec.config.metadata.uid,
      netnsPath: join(NETNS_DIR, rec.netns),
      portMappings: rec.config.portMappings ?? [],
    };
  }

  /** Makes the FIFOs, starts the shim (beforeRun runs once it holds them, before runc starts), then waits
   * until the container runs or has exited. */
  private async launch(
    id: string,
    dir: string,
    stdin: boolean,
    watchOOM: boolean,
    tty = false,
    beforeRun?: () => void,
  ): Promise<RuntimeResult<number>> {
    let shimPid: number;
    try {
      // the FIFOs the shim holds: made here (the fork server's mkfifo, no process), kept when they exist
      const fifos = ["stdout", "stderr", ...(stdin ? ["stdin"] : [])]
        .map((f) => join(dir, `${f}.fifo`))
        .filter((f) => !existsSync(f));
      const made = await mkfifo(fifos);
      if (made !== "") return fail("Internal", made);
      shimPid = await startShim(this.runcRoot, dir, id, stdin, watchOOM, tty, beforeRun);
    } catch (err) {
      return fail("Internal", String(err));
    }
    writeFileSync(join(dir, "shim.pid"), String(shimPid));
    const deadline = Date.now() + WAIT_START_MS;
    // runc takes 10–20 ms to start a container alone, far longer when many start at once: look again soon,
    // then less often, so 30 containers starting together do not spend the event loop on polling
    for (let wait = 2; Date.now() < deadline; wait = Math.min(wait * 1.5, 25)) {
      if (existsSync(join(dir, "exit"))) {
        const err = runcLogError(this.readOr(join(dir, "runc.log"), ""));
        return err ? fail("Internal", err) : ok(shimPid);
      }
      if (this.runningPid(id) > 0) return ok(shimPid);
      await sleep(wait);
    }
    return fail("DeadlineExceeded", `container ${id} did not start within ${WAIT_START_MS} ms`);
  }

  /** The pid of a container's process once it runs its own program (no longer `runc init`), else 0.
   * Read from runc's state file and /proc rather than by running `runc state`: starting many pods at
   * once would otherwise spend its time in runc processes. */
  private runningPid(id: string): number {
    try {
      const state = JSON.parse(readFileSync(join(this.runcRoot, id, "state.json"), "utf8")) as {
        init_process_pid?: number;
      };
      const pid = state.init_process_pid ?? 0;
      if (pid <= 0) return 0;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmdline === "" || cmdline.startsWith("runc\0init") ? 0 : pid;
    } catch {
      return 0;
    }
  }

  /** Ready until stopped, while its namespaces are pinned (a reboot unpins them). */
  private sandboxReady(rec: SandboxRecord): boolean {
    if (rec.stopped) return false;
    return [rec.netns && join(NETNS_DIR, rec.netns), rec.ipcns, rec.utsns].every((f) => !f || existsSync(f));
  }

  async stopPodSandbox(podSandboxId: string): Promise<RuntimeResult<void>> {
    const rec = this.readSandbox(podSandboxId);
    if (!rec) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    for (const c of this.allContainers().filter((c) => c.sandboxId === podSandboxId))
      await this.stopContainer(c.id, 0);
    if (rec.netns && this.opts.network) {
      const down = await this.opts.network.tearDown(this.networkTarget(rec));
      if (!down.ok) return fail("Internal", `tearing down the pod network: ${down.error.message}`);
    }
    rec.stopped = true;
    rec.ip = "";
    rec.additionalIps = [];
    this.writeSandbox(rec);
    return ok(undefined);
  }

  async removePodSandbox(podSandboxId: string): Promise<RuntimeResult<void>> {
    const rec = this.readSandbox(podSandboxId);
    if (!rec) return ok(undefined);
    for (const c of this.allContainers().filter((c) => c.sandboxId === podSandboxId)) {
      const r = await this.removeContainer(c.id);
      if (!r.ok) return r;
    }
    // a sandbox from before sandboxes had no process still has its holder container
    if (existsSync(this.spath(podSandboxId, "shim.pid"))) {
      await this.killAndWait(podSandboxId, this.spath(podSandboxId));
      await command(this.runc, ["--root", this.runcRoot, "delete", "--force", podSandboxId]);
    }
    // the network is torn down while its namespace is still there (the CNI plugins enter it)
    if (rec.netns && this.opts.network) {
      const down = await this.opts.network.tearDown(this.networkTarget(rec));
      if (!down.ok) return fail("Internal", `tearing down the pod network: ${down.error.message}`);
    }
    const unpinned = await unpinNamespaces(this.pins(rec));
    if (unpinned) return fail("Internal", unpinned);
    removeCgroupTree(join(CGROUP_PARENT, podSandboxId));
    await rm(this.spath(podSandboxId), { recursive: true, force: true });
    this.records.delete(podSandboxId);
    return ok(undefined);
  }

  /** SIGKILLs a runc container and waits for its shim to record the exit. */
  private async killAndWait(id: string, dir: string): Promise<void> {
    const pid = Number(existsSync(join(dir, "shim.pid")) ? readFileSync(join(dir, "shim.pid"), "utf8") : 0);
    if (!pid || existsSync(join(dir, "exit"))) return;
    await command(this.runc, ["--root", this.runcRoot, "kill", "--all", id, "KILL"]);
    const deadline = Date.now() + WAIT_START_MS;
    while (!existsSync(join(dir, "exit")) && this.shimAlive({ id, shimPid: pid }) && Date.now() < deadline)
      await sleep(10);
  }

  async podSandboxStatus(podSandboxId: string): Promise<RuntimeResult<PodSandboxStatus>> {
    const rec = this.readSandbox(podSandboxId);
    if (!rec) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    const ready = this.sandboxReady(rec);
    return ok({
      id: rec.id,
      metadata: rec.config.metadata,
      state: ready ? "SANDBOX_READY" : "SANDBOX_NOTREADY",
      createdAt: rec.createdAt,
      network: { ip: rec.ip, additionalIps: rec.additionalIps },
      netnsPath: rec.netns ? join(NETNS_DIR, rec.netns) : "",
      labels: rec.config.labels ?? {},
      annotations: rec.config.annotations ?? {},
    });
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    const out: PodSandbox[] = [];
    for (const rec of this.allSandboxes()) {
      if (filter.id && rec.id !== filter.id) continue;
      if (!matchLabels(rec.config.labels ?? {}, filter.labelSelector)) continue;
      const state = this.sandboxReady(rec) ? "SANDBOX_READY" : "SANDBOX_NOTREADY";
      if (filter.state && filter.state !== state) continue;
      out.push({
        id: rec.id,
        metadata: rec.config.metadata,
        state,
        createdAt: rec.createdAt,
        labels: rec.config.labels ?? {},
        annotations: rec.config.annotations ?? {},
      });
    }
    return out;
  }

  // ---------- containers ----------

  async createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<RuntimeResult<string>> {
    const sandbox = this.readSandbox(podSandboxId);
    if (!sandbox) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    if (!this.sandboxReady(sandbox))
      return fail("FailedPrecondition", `sandbox ${podSandboxId} is not ready`);
    const image = await this.resolveImage(config.image);
    if (!image.ok) return image;
    const { lowerDirs, config: imageConfig, imageRef } = image.value;
    const sc = config.linux?.securityContext ?? {};
    let uid = sc.runAsUser;
    let gid = sc.runAsGroup;
    if (uid === undefined) {
      const u = resolveImageUser(sc.runAsUsername ?? imageConfig.user, lowerDirs);
      if ("error" in u) return fail("InvalidArgument", u.error);
      uid = u.uid;
      gid ??= u.gid;
    }
    const id = newId();
    const dir = this.cpath(id);
    const disk = this.dpath(id);
    const p = processArgs(imageConfig, config);
    const mounts = [...(config.mounts ?? [])];
    const has = (path: string): boolean => mounts.some((m) => m.containerPath === path);
    if (!has("/etc/hostname"))
      mounts.push({
        containerPath: "/etc/hostname",
        hostPath: this.spath(podSandboxId, "hostname"),
        readonly: false,
      });
    if (existsSync(this.spath(podSandboxId, "resolv.conf")) && !has("/etc/resolv.conf"))
      mounts.push({
        containerPath: "/etc/resolv.conf",
        hostPath: this.spath(podSandboxId, "resolv.conf"),
        readonly: false,
      });
    const namespaces: OciNamespace[] = [{ type: "pid" }, { type: "mount" }];
    if (sandbox.ipcns) namespaces.push({ type: "ipc", path: sandbox.ipcns });
    if (sandbox.utsns) namespaces.push({ type: "uts", path: sandbox.utsns });
    if (sandbox.netns) namespaces.push({ type: "network", path: join(NETNS_DIR, sandbox.netns) });
    const spec = containerSpec({
      rootfs: join(dir, "rootfs"),
      readonlyRootfs: sc.readonlyRootfs === true,
      terminal: config.tty === true && ttyAvailable(),
      args: p.args,
      env: withDefaultPath(p.env),
      cwd: p.cwd,
      uid,
      gid: gid ?? 0,
      additionalGids: sc.supplementalGroups ?? [],
      namespaces,
      cgroupsPath: containerCgroupsPath(podSandboxId, id),
      resources: config.linux?.resources,
      // the pod's sysctls, set in the namespaces its containers share (each container sets the same values)
      sysctls: sandbox.config.linux?.sysctls,
      security: sc,
      mounts,
    });
    // the mount points the image lacks, from a layer shared with the containers that need the same ones
    let layer: { key: string; dir: string } | undefined;
    try {
      layer = this.mountPoints.acquire(lowerDirs, mountPointEntries(spec.mounts, lowerDirs));
    } catch (err) {
      return fail("Internal", `making the mount points layer: ${String(err)}`);
    }
    const undo = async () => {
      if (layer) this.mountPoints.release(layer.key);
      rmSync(dir, { recursive: true, force: true });
      await rm(disk, { recursive: true, force: true });
    };
    try {
      // state first: a disk directory without one is taken for garbage by the next open
      for (const d of ["bundle", "rootfs"]) mkdirSync(join(dir, d), { recursive: true });
      await mkdir(join(disk, "upper"), { recursive: true });
      await mkdir(join(disk, "work"), { recursive: true });
    } catch (err) {
      await undo();
      return fail("Internal", `making the container's directories: ${String(err)}`);
    }
    const lower = [...(layer ? [layer.dir] : []), ...[...lowerDirs].reverse()];
    const opt = `lowerdir=${lower.join(":")},upperdir=${join(disk, "upper")},workdir=${join(disk, "work")}`;
    const mnt = await mount("overlay", join(dir, "rootfs"), "overlay", opt);
    if (mnt !== "") {
      await undo();
      return fail("Internal", `mounting the root filesystem: ${mnt}`);
    }
    writeFileSync(join(dir, "bundle", "config.json"), JSON.stringify(spec));
    this.created.set(id, spec.process);
    const rec: ContainerRecord = {
      id,
      sandboxId: podSandboxId,
      config,
      createdAt: Date.now(),
      startedAt: 0,
      imageRef,
      ...(layer ? { mountPoints: layer.key } : {}),
      logPath: resolvePath(sandboxConfig.logDirectory || sandbox.config.logDirectory, config.logPath),
      shimPid: 0,
      stopSignal: imageConfig.stopSignal ?? "SIGTERM",
    };
    this.writeContainer(rec);
    return ok(id);
  }

  /** The image's layers; containers created at the same time share one lookup (reading the image store
   * once per container made a burst of pods wait on each other's reads). */
  private resolveImage(image: ImageSpec): Promise<RuntimeResult<ImageLayers>> {
    const key = image.image;
    let p = this.resolving.get(key);
    if (p === undefined) {
      p = this.opts.rootfs.resolve(image).finally(() => this.resolving.delete(key));
      this.resolving.set(key, p);
    }
    return p;
  }

  /** The process of a container's bundle (one created by an earlier runtime). */
  private readProcess(id: string): OciProcessArgs {
    return (
      JSON.parse(readFileSync(this.cpath(id, "bundle", "config.json"), "utf8")) as { process: OciProcessArgs }
    ).process;
  }

  /** Where args[0] is in the container's root filesystem, as exec would look it up; undefined if nowhere. */
  private findExecutable(process: OciProcessArgs, id: string): string | undefined {
    const arg0 = process.args[0];
    if (!arg0) return undefined;
    const rootfs = this.cpath(id, "rootfs");
    const exists = (p: string): boolean => {
      try {
        lstatSync(join(rootfs, p));
        return true;
      } catch {
        return false;
      }
    };
    if (arg0.includes("/"))
      return exists(arg0.startsWith("/") ? arg0 : join(process.cwd, arg0)) ? arg0 : undefined;
    const path = process.env.find((e) => e.startsWith("PATH="))?.slice(5) ?? "";
    return path
      .split(":")
      .map((d) => join(d, arg0))
      .find(exists);
  }

  async startContainer(containerId: string): Promise<RuntimeResult<void>> {
    const rec = this.readContainer(containerId);
    if (!rec) return fail("NotFound", `container ${containerId} not found`);
    if (rec.startedAt > 0 || rec.startError)
      return fail("FailedPrecondition", `container ${containerId} is not in created state`);
    // the process as createContainer made it (read back from the bundle when another runtime made it)
    const proc = this.created.get(containerId) ?? this.readProcess(containerId);
    this.created.delete(containerId);
    if (!this.findExecutable(proc, containerId)) {
      const name = proc.args[0] ?? "";
      const why = name.includes("/")
        ? `stat ${name}: no such file or directory`
        : `executable file not found in $PATH`;
      rec.startError = `failed to create task: runc create failed: unable to start container process: exec: ${JSON.stringify(name)}: ${why}`;
      this.writeContainer(rec);
      return fail("Internal", rec.startError);
    }
    rec.startedAt = Date.now();
    this.writeContainer(rec);
    // Read the FIFOs before the container can write (and exit): a FIFO's data lives only while it is open.
    let live: LiveContainer | undefined;
    const started = await this.launch(
      rec.id,
      this.cpath(rec.id),
      rec.config.stdin === true,
      (rec.config.linux?.resources?.memoryLimitInBytes ?? 0) > 0,
      rec.config.tty === true && ttyAvailable(),
      () => (live = this.follow(rec, false)),
    );
    rec.shimPid = Number(this.readOr(this.cpath(rec.id, "shim.pid"), "0"));
    if (!started.ok) rec.startError = started.error.message;
    this.writeContainer(rec);
    if (live && !rec.shimPid) {
      live.stdout.destroy();
      live.stderr.destroy();
    } else if (live && rec.config.stdin) this.openStdin(rec, live);
    if (started.ok) return ok(undefined);
    return fail(
      started.error.code === "DeadlineExceeded" ? "DeadlineExceeded" : "Internal",
      started.error.message,
    );
  }

  private readOr(path: string, dflt: string): string {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return dflt;
    }
  }

  /** Copies the container's output FIFOs into its CRI log and to attached clients. */
  private follow(rec: ContainerRecord, withStdin: boolean): LiveContainer {
    const dir = this.cpath(rec.id);
    const open = (name: string): Socket =>
      new Socket({
        fd: openSync(join(dir, name), constants.O_RDONLY | constants.O_NONBLOCK),
        readable: true,
        writable: false,
      });
    const writer = new CriLogWriter(rec.logPath, this.opts.log);
    const stdout = open("stdout.fifo");
    const stderr = open("stderr.fifo");
    const live: LiveContainer = {
      writer,
      stdout,
      stderr,
      subscribers: new Set(),
      drained: Promise.resolve(),
    };
    if (withStdin && rec.config.stdin) this.openStdin(rec, live);
    stdout.on("data", (c: Buffer) => {
      for (const s of live.subscribers) s.stdout?.write(c);
    });
    stderr.on("data", (c: Buffer) => {
      for (const s of live.subscribers) s.stderr?.write(c);
    });
    live.drained = Promise.all([writer.follow("stdout", stdout), writer.follow("stderr", stderr)]).then(
      () => {
        writer.close();
        live.stdin?.destroy();
        for (const s of live.subscribers) {
          s.stdout?.end();
          s.stderr?.end();
        }
        if (this.live.get(rec.id) === live) this.live.delete(rec.id);
      },
    );
    this.live.set(rec.id, live);
    return live;
  }

  /** The shim holds the stdin FIFO open for reading, so opening it to write never blocks. */
  private openStdin(rec: ContainerRecord, live: LiveContainer): void {
    const path = this.cpath(rec.id, "stdin.fifo");
    if (!existsSync(path)) return;
    try {
      live.stdin = new Socket({
        fd: openSync(path, constants.O_WRONLY | constants.O_NONBLOCK),
        readable: false,
        writable: true,
      });
      live.stdin.on("error", () => undefined);
    } catch {
      // the shim is gone: nobody reads stdin any more
    }
  }

  private containerState(rec: ContainerRecord): ContainerState {
    if (rec.startError) return "CONTAINER_EXITED";
    if (rec.startedAt === 0) return "CONTAINER_CREATED";
    if (existsSync(this.cpath(rec.id, "exit"))) return "CONTAINER_EXITED";
    return this.shimAlive(rec) ? "CONTAINER_RUNNING" : "CONTAINER_UNKNOWN";
  }

  async stopContainer(containerId: string, timeoutSeconds: number): Promise<RuntimeResult<void>> {
    const rec = this.readContainer(containerId);
    if (!rec) return fail("NotFound", `container ${containerId} not found`);
    if (this.containerState(rec) !== "CONTAINER_RUNNING") return ok(undefined);
    const exitFile = this.cpath(containerId, "exit");
    if (timeoutSeconds > 0) {
      await command(this.runc, [
        "--root",
        this.runcRoot,
        "kill",
        containerId,
        rec.stopSignal.replace(/^SIG/, ""),
      ]);
      const deadline = Date.now() + timeoutSeconds * 1000;
      while (!existsSync(exitFile) && Date.now() < deadline && this.shimAlive(rec)) await sleep(10);
    }
    await this.killAndWait(containerId, this.cpath(containerId));
    await this.live.get(containerId)?.drained;
    return ok(undefined);
  }

  async removeContainer(containerId: string): Promise<RuntimeResult<void>> {
    const rec = this.readContainer(containerId);
    if (!rec) return ok(undefined);
    await this.killAndWait(containerId, this.cpath(containerId));
    const live = this.live.get(containerId);
    if (live) {
      live.stdout.destroy();
      live.stderr.destroy();
      await live.drained;
    }
    await command(this.runc, ["--root", this.runcRoot, "delete", "--force", containerId]);
    const rootfs = this.cpath(containerId, "rootfs");
    if (isMountedOver(rootfs)) {
      const um = await unmountOrDetach(rootfs);
      if (um !== "") return fail("Internal", `unmounting ${rootfs}: ${um}`);
    }
    removeCgroupTree(containerCgroupsPath(rec.sandboxId, containerId));
    rmSync(this.cpath(containerId), { recursive: true, force: true });
    this.records.delete(containerId);
    this.created.delete(containerId);
    if (rec.mountPoints) this.mountPoints.release(rec.mountPoints);
    await rm(this.dpath(containerId), { recursive: true, force: true });
    return ok(undefined);
  }

  async containerStatus(containerId: string): Promise<RuntimeResult<ContainerStatus>> {
    const rec = this.readContainer(containerId);
    if (!rec) return fail("NotFound", `container ${containerId} not found`);
    const state = this.containerState(rec);
    let exitCode = 0;
    let finishedAt = 0;
    let reason = "";
    let message = "";
    if (rec.startError) {
      exitCode = 128;
      finishedAt = rec.startedAt || rec.createdAt;
      reason = "StartError";
      message = rec.startError;
    } else if (state === "CONTAINER_EXITED") {
      // The log copier may still be draining the FIFOs; wait so logs are complete when status says exited.
      await this.live.get(containerId)?.drained;
      exitCode = Number(this.readOr(this.cpath(containerId, "exit"), "255").trim());
      const ns = this.readOr(this.cpath(containerId, "finished"), "").trim();
      finishedAt = ns ? Math.floor(Number(ns) / 1e6) : statSync(this.cpath(containerId, "exit")).mtimeMs;
      const oom = exitCode !== 0 && (await this.oomKilled(rec));
      reason = oom && exitCode !== 0 ? "OOMKilled" : exitCode === 0 ? "Completed" : "Error";
      if (exitCode === 1 || exitCode === 255) {
        const err = runcLogError(this.readOr(this.cpath(containerId, "runc.log"), ""));
        if (err) message = err;
      }
    } else if (state === "CONTAINER_UNKNOWN") {
      reason = "Unknown";
      message = "the container's shim is gone without recording an exit code";
    }
    return ok({
      id: rec.id,
      metadata: rec.config.metadata,
      state,
      createdAt: rec.createdAt,
      startedAt: rec.startError ? 0 : rec.startedAt,
      finishedAt,
      exitCode,
      image: rec.config.image,
      imageRef: rec.imageRef,
      reason,
      message,
      labels: rec.config.labels ?? {},
      annotations: rec.config.annotations ?? {},
      mounts: rec.config.mounts ?? [],
      logPath: rec.logPath,
    });
  }

  /** Whether the memory cgroup killed the container: runc's OOM event, or else the kernel's log line naming
   * the container's cgroup (runc's event watcher can start after a fast OOM). Decided once, then kept. */
  private async oomKilled(rec: ContainerRecord): Promise<boolean> {
    const known = this.readOr(this.cpath(rec.id, "oom"), "");
    if (known) return known === "true";
    let oom = this.readOr(this.cpath(rec.id, "events"), "").includes('"type":"oom"');
    // Without a memory limit the container's own cgroup cannot run out: no kernel log to read (a dmesg per
    // exited container otherwise, every pod deletion)
    if (!oom && (rec.config.linux?.resources?.memoryLimitInBytes ?? 0) > 0) {
      const kmsg = await command("dmesg", []);
      oom =
        kmsg.stdout.includes(`oom_memcg=${containerCgroupsPath(rec.sandboxId, rec.id)},`) ||
        kmsg.stdout.includes(`oom_memcg=${containerCgroupsPath(rec.sandboxId, rec.id)}\n`);
    }
    writeFileSync(this.cpath(rec.id, "oom"), String(oom));
    return oom;
  }

  listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    const out: Container[] = [];
    for (const rec of this.allContainers()) {
      if (filter.id && rec.id !== filter.id) continue;
      if (filter.podSandboxId && rec.sandboxId !== filter.podSandboxId) continue;
      if (!matchLabels(rec.config.labels ?? {}, filter.labelSelector)) continue;
      const state = this.containerState(rec);
      if (filter.state && filter.state !== state) continue;
      out.push({
        id: rec.id,
        podSandboxId: rec.sandboxId,
        metadata: rec.config.metadata,
        image: rec.config.image,
        imageRef: rec.imageRef,
        state,
        createdAt: rec.createdAt,
        labels: rec.config.labels ?? {},
        annotations: rec.config.annotations ?? {},
      });
    }
    return Promise.resolve(out);
  }

  reopenContainerLog(containerId: string): Promise<RuntimeResult<void>> {
    const rec = this.readContainer(containerId);
    if (!rec) return Promise.resolve(fail("NotFound", `container ${containerId} not found`));
    const live = this.live.get(containerId);
    if (!live) return Promise.resolve(fail("FailedPrecondition", `container ${containerId} is not running`));
    live.writer.reopen();
    return Promise.resolve(ok(undefined));
  }

  // ---------- exec and attach ----------

  private running(containerId: string): RuntimeResult<ContainerRecord> {
    const rec = this.readContainer(containerId);
    if (!rec) return fail("NotFound", `container ${containerId} not found`);
    if (this.containerState(rec) !== "CONTAINER_RUNNING")
      return fail("FailedPrecondition", `container ${containerId} is not running`);
    return ok(rec);
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
    const pidFile = this.cpath(req.containerId, `exec-${randomBytes(6).toString("hex")}.pid`);
    const tty = req.tty === true && ttyAvailable();
    const argv = [
      this.runc,
      "--root",
      this.runcRoot,
      "exec",
      "--pid-file",
      pidFile,
      ...(tty ? ["--tty"] : []),
      req.containerId,
      ...req.cmd,
    ];
    const [file = this.runc, ...args] = tty ? [ttyCommand(argv).file, ...ttyCommand(argv).args] : argv;
    const child = spawn(file, args, {
      stdio: [
        req.stdin ? "pipe" : "ignore",
        req.stdout === false ? "ignore" : "pipe",
        req.stderr === false ? "ignore" : "pipe",
      ],
    });
    const exit = new Promise<number>((resolve) => {
      child.once("error", () => resolve(126));
      child.once("close", (code, signal) => {
        rmSync(pidFile, { force: true });
        resolve(code ?? (signal ? 128 + (signal === "SIGKILL" ? 9 : 15) : 1));
      });
    });
    child.stdin?.on("error", () => undefined);
    return Promise.resolve(
      ok({
        stdin: child.stdin ?? undefined,
        stdout: child.stdout ?? undefined,
        stderr: tty ? undefined : (child.stderr ?? undefined),
        resize: (size) => (tty ? resizeTerminal(child.pid, size) : undefined),
        exit,
        close: () => {
          // Kill the exec'd process itself (runc exec cannot forward SIGKILL), then runc.
          const pid = Number(this.readOr(pidFile, "0"));
          if (pid > 0) {
            try {
              process.kill(pid, "SIGKILL");
            } catch {
              // already gone
            }
          }
          child.kill("SIGKILL");
        },
      }),
    );
  }

  attach(req: AttachRequest): Promise<RuntimeResult<StreamSession>> {
    const r = this.running(req.containerId);
    if (!r.ok) return Promise.resolve(r);
    const live = this.live.get(req.containerId);
    if (!live)
      return Promise.resolve(
        fail("FailedPrecondition", `container ${req.containerId} output is not followed by this runtime`),
      );
    const sub = {
      stdout: req.stdout === false ? undefined : new PassThrough(),
      stderr: req.stderr === false ? undefined : new PassThrough(),
    };
    live.subscribers.add(sub);
    let stdin: PassThrough | undefined;
    if (req.stdin && live.stdin) {
      stdin = new PassThrough();
      stdin.on("data", (c: Buffer) => live.stdin?.write(c));
    }
    let detach: () => void = () => undefined;
    const detached = new Promise<void>((resolve) => (detach = resolve));
    const exit = Promise.race([live.drained, detached]).then(async () => {
      live.subscribers.delete(sub);
      const st = await this.containerStatus(req.containerId);
      return st.ok ? st.value.exitCode : 0;
    });
    return Promise.resolve(
      ok({
        stdin,
        stdout: sub.stdout,
        stderr: sub.stderr,
        resize: (size) => (r.value.config.tty ? resizeTerminal(r.value.shimPid, size) : undefined),
        exit,
        close: () => {
          live.subscribers.delete(sub);
          sub.stdout?.end();
          sub.stderr?.end();
          detach();
        },
      }),
    );
  }

  /** In the sandbox's network namespace (hostNetwork sandboxes: the host's loopback). */
  async portForward(podSandboxId: string, port: number): Promise<RuntimeResult<Duplex>> {
    const rec = this.readSandbox(podSandboxId);
    if (!rec) return fail("NotFound", `sandbox ${podSandboxId} not found`);
    const v = validPort(port);
    if (!v.ok) return v;
    if (!rec.netns) return connectLocal(port);
    const busybox = hostBusybox();
    if (!busybox) return fail("FailedPrecondition", "busybox not found (install busybox-static)");
    return connectInNetns(join(NETNS_DIR, rec.netns), port, busybox);
  }

  // ---------- stats ----------

  async containerStats(containerId: string): Promise<RuntimeResult<ContainerStats>> {
    const rec = this.readContainer(containerId);
    if (!rec) return fail("NotFound", `container ${containerId} not found`);
    return ok(this.stats(rec));
  }

  private stats(rec: ContainerRecord): ContainerStats {
    const u = cgroupUsage(containerCgroupsPath(rec.sandboxId, rec.id));
    return {
      id: rec.id,
      metadata: rec.config.metadata,
      timestamp: Date.now(),
      ...u,
      writableLayerUsedBytes: 0,
    };
  }

  async listContainerStats(filter: ContainerFilter = {}): Promise<ContainerStats[]> {
    const list = await this.listContainers({ ...filter, state: filter.state ?? "CONTAINER_RUNNING" });
    return list
      .map((c) => this.readContainer(c.id))
      .filter((r): r is ContainerRecord => !!r)
      .map((r) => this.stats(r));
  }

  async close(): Promise<void> {
    for (const live of this.live.values()) {
      live.stdout.destroy();
      live.stderr.destroy();
      live.stdin?.destroy();
      await live.drained;
    }
    this.live.clear();
    // an empty state directory goes (tests and killall would leave one per data dir in /run); a sandbox or
    // container made meanwhile by another runtime on it keeps it (rmdir removes empty directories only)
    if (this.allSandboxes().length === 0 && this.allContainers().length === 0) {
      this.mountPoints.clear();
      for (const d of ["sandboxes", "containers", "runc", ""])
        await rmdir(join(this.state, d)).catch(() => undefined);
    }
  }
}
