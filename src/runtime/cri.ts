// The container runtime interface, shaped like the CRI's RuntimeService and ImageService
// (k8s.io/cri-api runtime/v1) so the kubelet reads like upstream's kuberuntime manager.
// Differences from the gRPC API: times are milliseconds since the epoch (the CRI uses ns), streaming
// exec/attach return streams directly instead of a URL, and expected failures are values (RuntimeResult)
// carrying a gRPC-like code, never exceptions.
import type { Duplex, Readable, Writable } from "node:stream";

// ---------- results ----------

/** gRPC status codes the CRI uses for expected failures. */
export type RuntimeErrorCode =
  | "NotFound"
  | "AlreadyExists"
  | "InvalidArgument"
  | "FailedPrecondition"
  | "Unimplemented"
  | "DeadlineExceeded"
  | "Internal";

export interface RuntimeError {
  code: RuntimeErrorCode;
  message: string;
}

export type RuntimeResult<T> = { ok: true; value: T } | { ok: false; error: RuntimeError };

export function ok<T>(value: T): RuntimeResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: RuntimeErrorCode, message: string): RuntimeResult<T> {
  return { ok: false, error: { code, message } };
}

// ---------- shared ----------

export type Labels = Record<string, string>;

export interface KeyValue {
  key: string;
  value: string;
}

export interface PortMapping {
  protocol: "TCP" | "UDP" | "SCTP";
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  /** CRI MountPropagation; only PROPAGATION_PRIVATE is honoured by the runc runtime. */
  propagation?: "PROPAGATION_PRIVATE" | "PROPAGATION_HOST_TO_CONTAINER" | "PROPAGATION_BIDIRECTIONAL";
}

export interface Capability {
  /** Names without the CAP_ prefix, as in a pod spec ("NET_ADMIN"); "ALL" in drop removes every default. */
  addCapabilities?: string[];
  dropCapabilities?: string[];
}

export interface LinuxContainerSecurityContext {
  capabilities?: Capability;
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  /** A user name or "uid[:gid]" from the image when runAsUser is not set (the runtime resolves it). */
  runAsUsername?: string;
  supplementalGroups?: number[];
  readonlyRootfs?: boolean;
  /** allowPrivilegeEscalation=false becomes noNewPrivs=true. */
  noNewPrivs?: boolean;
}

export interface LinuxContainerResources {
  /** cgroup cpu.shares (from requests.cpu: milliCPU * 1024 / 1000, min 2). */
  cpuShares?: number;
  /** cpu.cfs_period_us and cpu.cfs_quota_us (from limits.cpu). */
  cpuPeriod?: number;
  cpuQuota?: number;
  /** memory.limit_in_bytes (from limits.memory); 0 = none. */
  memoryLimitInBytes?: number;
  /** pids.max for the container; 0 = none. */
  pidsLimit?: number;
}

// ---------- runtime service ----------

export interface VersionResponse {
  version: string;
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

export interface RuntimeCondition {
  type: "RuntimeReady" | "NetworkReady";
  status: boolean;
  reason: string;
  message: string;
}

/** What a runtime can enforce. The process runtime reports false for all isolation features,
 * and the kubelet says plainly on the Node that pods are not isolated. */
export interface RuntimeFeatures {
  /** Containers get their own root filesystem from the image. */
  imageFilesystem: boolean;
  /** Pod sandboxes have their own network, IPC and UTS namespaces. */
  namespaces: boolean;
  /** CPU, memory and pids limits are enforced (and OOM kills reported). */
  resourceLimits: boolean;
  /** runAsUser/Group, capabilities, readOnlyRootFilesystem, privileged, noNewPrivs are applied. */
  securityContext: boolean;
  /** Running containers survive a restart of the runtime and are adopted again. */
  survivesRestart: boolean;
}

export interface RuntimeStatus {
  conditions: RuntimeCondition[];
  features: RuntimeFeatures;
}

export interface PodSandboxMetadata {
  name: string;
  uid: string;
  namespace: string;
  attempt: number;
}

export interface DNSConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** Directory under which container log paths (ContainerConfig.logPath) are resolved. */
  logDirectory: string;
  dnsConfig?: DNSConfig;
  portMappings?: PortMapping[];
  labels?: Labels;
  annotations?: Labels;
  linux?: {
    /** hostNetwork: true = "NODE"; default "POD". */
    networkMode?: "POD" | "NODE";
    /** hostIPC: true = "NODE"; default "POD". */
    ipcMode?: "POD" | "NODE";
    /** Sysctls applied in the sandbox's namespaces (net.* and kernel.shm*, ...). */
    sysctls?: Record<string, string>;
    /** Pod-level overhead/limits for the sandbox cgroup; containers' cgroups sit under it. */
    resources?: LinuxContainerResources;
  };
}

export type PodSandboxState = "SANDBOX_READY" | "SANDBOX_NOTREADY";

export interface PodSandboxNetworkStatus {
  /** Primary pod IP; "" when the pod has no network of its own or it is not set up. */
  ip: string;
  additionalIps: string[];
}

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  network: PodSandboxNetworkStatus;
  /** Path of the sandbox's network namespace ("" in NODE mode or for runtimes without namespaces). */
  netnsPath: string;
  labels: Labels;
  annotations: Labels;
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  labels: Labels;
  annotations: Labels;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Labels;
}

export interface ImageSpec {
  /** Reference as written in the pod ("busybox:1.35") or an image id ("sha256:…"). */
  image: string;
}

export interface ContainerMetadata {
  name: string;
  attempt: number;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** Pod's command (replaces the image's Entrypoint) and args (replace its Cmd), as upstream combines them. */
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: KeyValue[];
  mounts?: Mount[];
  labels?: Labels;
  annotations?: Labels;
  /** Relative to PodSandboxConfig.logDirectory, e.g. "web/0.log". */
  logPath: string;
  /** Keep stdin open for attach. */
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
  linux?: {
    resources?: LinuxContainerResources;
    securityContext?: LinuxContainerSecurityContext;
  };
}

export type ContainerState =
  "CONTAINER_CREATED" | "CONTAINER_RUNNING" | "CONTAINER_EXITED" | "CONTAINER_UNKNOWN";

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  /** 0 until started. */
  startedAt: number;
  /** 0 until exited. */
  finishedAt: number;
  exitCode: number;
  image: ImageSpec;
  /** Image id the container was created from. */
  imageRef: string;
  /** "OOMKilled", "Error", "Completed" when exited; "" otherwise. */
  reason: string;
  message: string;
  labels: Labels;
  annotations: Labels;
  mounts: Mount[];
  /** Absolute path of the container's log file. */
  logPath: string;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Labels;
  annotations: Labels;
}

export interface ContainerFilter {
  id?: string;
  state?: ContainerState;
  podSandboxId?: string;
  labelSelector?: Labels;
}

export interface ExecSyncResponse {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface ExecRequest {
  containerId: string;
  cmd: string[];
  tty?: boolean;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface AttachRequest {
  containerId: string;
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** A live exec or attach: the kubelet's streaming server copies these to and from the client. */
export interface StreamSession {
  /** Present when stdin was requested; end() it to close the process's stdin. */
  stdin?: Writable;
  stdout?: Readable;
  stderr?: Readable;
  /** Resizes the terminal when tty was requested (a no-op otherwise). */
  resize(size: TerminalSize): void;
  /** Resolves with the exit code of the exec'd command (for attach: when the client detaches or the container exits). */
  exit: Promise<number>;
  /** Ends the session (kills an exec'd command, detaches an attach). */
  close(): void;
}

export interface ContainerStats {
  id: string;
  metadata: ContainerMetadata;
  timestamp: number;
  /** Cumulative CPU time in nanoseconds. */
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
  memoryUsageBytes: number;
  /** Bytes used by the container's writable layer; 0 when not known. */
  writableLayerUsedBytes: number;
}

export interface RuntimeService {
  version(): Promise<VersionResponse>;
  status(): Promise<RuntimeStatus>;

  runPodSandbox(config: PodSandboxConfig): Promise<RuntimeResult<string>>;
  /** Stops every container of the sandbox and the sandbox itself; idempotent. */
  stopPodSandbox(podSandboxId: string): Promise<RuntimeResult<void>>;
  /** Removes a sandbox and its containers (stopping them first); removing a missing sandbox succeeds. */
  removePodSandbox(podSandboxId: string): Promise<RuntimeResult<void>>;
  podSandboxStatus(podSandboxId: string): Promise<RuntimeResult<PodSandboxStatus>>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  createContainer(
    podSandboxId: string,
    config: ContainerConfig,
    sandboxConfig: PodSandboxConfig,
  ): Promise<RuntimeResult<string>>;
  startContainer(containerId: string): Promise<RuntimeResult<void>>;
  /** SIGTERM (or the image's StopSignal), then SIGKILL after timeoutSeconds; idempotent. */
  stopContainer(containerId: string, timeoutSeconds: number): Promise<RuntimeResult<void>>;
  /** Removes a container (killing it if running); removing a missing container succeeds. */
  removeContainer(containerId: string): Promise<RuntimeResult<void>>;
  containerStatus(containerId: string): Promise<RuntimeResult<ContainerStatus>>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  /** Closes and reopens the container's log file (after the kubelet rotated it). */
  reopenContainerLog(containerId: string): Promise<RuntimeResult<void>>;

  /** Runs a command in the container and collects its output; DeadlineExceeded after timeoutSeconds (0 = none). */
  execSync(
    containerId: string,
    cmd: string[],
    timeoutSeconds: number,
  ): Promise<RuntimeResult<ExecSyncResponse>>;
  exec(req: ExecRequest): Promise<RuntimeResult<StreamSession>>;
  attach(req: AttachRequest): Promise<RuntimeResult<StreamSession>>;

  /** A TCP connection to 127.0.0.1:port inside the sandbox's network namespace (CRI PortForward, for
   * `kubectl port-forward`). NotFound for a missing sandbox; a refused connection is a failed result or,
   * when the runtime learns it only later, an 'error' on the stream. */
  portForward(podSandboxId: string, port: number): Promise<RuntimeResult<Duplex>>;

  containerStats(containerId: string): Promise<RuntimeResult<ContainerStats>>;
  listContainerStats(filter?: ContainerFilter): Promise<ContainerStats[]>;

  /** Releases what the runtime holds in this process (log readers, watchers); containers keep running. */
  close(): Promise<void>;
}

// ---------- image service ----------

/** The parts of an image's config the runtime combines with the container's (OCI image config). */
export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
  stopSignal?: string;
}

export interface Image {
  /** "sha256:<config digest>" */
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
  /** Numeric user the image runs as, when its User is a number. */
  uid?: number;
  username: string;
  pinned: boolean;
}

export interface AuthConfig {
  username?: string;
  password?: string;
  auth?: string;
  serverAddress?: string;
  identityToken?: string;
  registryToken?: string;
}

export interface ImageFilter {
  image?: ImageSpec;
}

export interface FilesystemUsage {
  timestamp: number;
  mountpoint: string;
  usedBytes: number;
  inodesUsed: number;
}

export interface ImageService {
  listImages(filter?: ImageFilter): Promise<Image[]>;
  /** The image, or null when it is not present (as the CRI returns an empty status). */
  imageStatus(image: ImageSpec): Promise<Image | null>;
  /** Returns the image reference (id) pulled. */
  pullImage(image: ImageSpec, auth?: AuthConfig): Promise<RuntimeResult<string>>;
  /** Removing a missing image succeeds. */
  removeImage(image: ImageSpec): Promise<RuntimeResult<void>>;
  imageFsInfo(): Promise<FilesystemUsage[]>;
}

/** Where a runtime gets a container's root filesystem: the image store implements it. */
export interface RootfsProvider {
  /** The image's layer directories, lowest first (OCI order), its id and config; NotFound when absent. */
  resolve(image: ImageSpec): Promise<RuntimeResult<ImageLayers>>;
}

export interface ImageLayers {
  imageRef: string;
  /** Unpacked layer directories, lowest (base) layer first. */
  lowerDirs: string[];
  config: ImageConfig;
}

/** How a sandbox's network is set up inside its namespace (src/network implements it with CNI; the
 * kubelet passes it to the runtime). Without one, a sandbox gets only a loopback interface. */
export interface PodNetwork {
  setUp(sandbox: PodNetworkTarget): Promise<RuntimeResult<PodSandboxNetworkStatus>>;
  /** Idempotent. */
  tearDown(sandbox: PodNetworkTarget): Promise<RuntimeResult<void>>;
}

export interface PodNetworkTarget {
  podSandboxId: string;
  name: string;
  namespace: string;
  uid: string;
  netnsPath: string;
  portMappings: PortMapping[];
}
