// The CRI configs the kubelet builds from a pod (kuberuntime_sandbox.go generatePodSandboxConfig,
// kuberuntime_container.go generateContainerConfig, security_context.go) and the runAsNonRoot check.
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type {
  ContainerConfig,
  DNSConfig,
  Image,
  KeyValue,
  LinuxContainerSecurityContext,
  Mount,
  PodSandboxConfig,
  PortMapping,
} from "../../runtime/cri.js";
import { linuxContainerResources } from "../../runtime/spec/resources.js";
import {
  containerAnnotations,
  formatPod,
  newContainerLabels,
  newPodLabels,
  type ContainerType,
} from "./labels.js";

/** <podLogsDir>/<namespace>_<name>_<uid> (upstream BuildPodLogsDirectory). */
export function podLogsDirectory(podLogsDir: string, pod: Pod): string {
  const m = pod.metadata ?? {};
  return `${podLogsDir}/${m.namespace ?? ""}_${m.name ?? ""}_${m.uid ?? ""}`;
}

/** "<container>/<restartCount>.log", relative to the sandbox's log directory. */
export function containerLogPath(name: string, restartCount: number): string {
  return `${name}/${restartCount}.log`;
}

export function portMappings(pod: Pod): PortMapping[] {
  const out: PortMapping[] = [];
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) {
      if (!p.hostPort) continue;
      const m: PortMapping = {
        protocol: (p.protocol ?? "TCP") as PortMapping["protocol"],
        containerPort: p.containerPort,
        hostPort: p.hostPort,
      };
      if (p.hostIP) m.hostIp = p.hostIP;
      out.push(m);
    }
  return out;
}

export function podSandboxConfig(
  pod: Pod,
  o: { attempt: number; podLogsDir: string; hostname: string; dnsConfig?: DNSConfig | undefined },
): PodSandboxConfig {
  const c: PodSandboxConfig = {
    metadata: {
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
      namespace: pod.metadata?.namespace ?? "",
      attempt: o.attempt,
    },
    hostname: o.hostname,
    logDirectory: podLogsDirectory(o.podLogsDir, pod),
    portMappings: portMappings(pod),
    labels: newPodLabels(pod),
    annotations: { ...(pod.metadata?.annotations ?? {}) },
    linux: {
      networkMode: pod.spec?.hostNetwork ? "NODE" : "POD",
      ipcMode: pod.spec?.hostIPC ? "NODE" : "POD",
    },
  };
  if (o.dnsConfig) c.dnsConfig = o.dnsConfig;
  const sysctls = pod.spec?.securityContext?.sysctls ?? [];
  if (sysctls.length > 0 && c.linux)
    c.linux.sysctls = Object.fromEntries(sysctls.map((s) => [s.name, s.value]));
  return c;
}

/** The container's securityContext merged over the pod's (DetermineEffectiveSecurityContext). */
export function effectiveSecurityContext(pod: Pod, c: Container) {
  const psc = pod.spec?.securityContext ?? {};
  const sc = c.securityContext ?? {};
  return {
    runAsUser: sc.runAsUser ?? psc.runAsUser,
    runAsGroup: sc.runAsGroup ?? psc.runAsGroup,
    runAsNonRoot: sc.runAsNonRoot ?? psc.runAsNonRoot,
    supplementalGroups: psc.supplementalGroups,
    fsGroup: psc.fsGroup,
    privileged: sc.privileged,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation,
    capabilities: sc.capabilities,
  };
}

/** verifyRunAsNonRoot (security_context_others.go): undefined when allowed, else upstream's message. */
export function verifyRunAsNonRoot(
  pod: Pod,
  c: Container,
  image: Pick<Image, "uid" | "username"> | null,
): string | undefined {
  const sc = effectiveSecurityContext(pod, c);
  if (!sc.runAsNonRoot) return undefined;
  const podName = JSON.stringify(formatPod(pod));
  if (sc.runAsUser !== undefined) {
    if (sc.runAsUser === 0)
      return `container's runAsUser breaks non-root policy (pod: ${podName}, container: ${c.name})`;
    return undefined;
  }
  if (image?.uid !== undefined) {
    if (image.uid === 0)
      return `container has runAsNonRoot and image will run as root (pod: ${podName}, container: ${c.name})`;
    return undefined;
  }
  if (image?.username) {
    return `container has runAsNonRoot and image has non-numeric user (${image.username}), cannot verify user is non-root (pod: ${podName}, container: ${c.name})`;
  }
  // An image without a user runs as root.
  return `container has runAsNonRoot and image will run as root (pod: ${podName}, container: ${c.name})`;
}

export function securityContextConfig(pod: Pod, c: Container): LinuxContainerSecurityContext {
  const sc = effectiveSecurityContext(pod, c);
  const out: LinuxContainerSecurityContext = {};
  if (sc.runAsUser !== undefined) out.runAsUser = sc.runAsUser;
  if (sc.runAsGroup !== undefined) out.runAsGroup = sc.runAsGroup;
  const groups = [...(sc.supplementalGroups ?? []), ...(sc.fsGroup !== undefined ? [sc.fsGroup] : [])];
  if (groups.length > 0) out.supplementalGroups = groups;
  if (sc.privileged) out.privileged = true;
  if (sc.readOnlyRootFilesystem) out.readonlyRootfs = true;
  if (sc.allowPrivilegeEscalation === false) out.noNewPrivs = true;
  if (sc.capabilities) {
    out.capabilities = {};
    if (sc.capabilities.add) out.capabilities.addCapabilities = [...sc.capabilities.add];
    if (sc.capabilities.drop) out.capabilities.dropCapabilities = [...sc.capabilities.drop];
  }
  return out;
}

export function containerConfig(
  pod: Pod,
  c: Container,
  o: {
    type: ContainerType;
    restartCount: number;
    envs: KeyValue[];
    mounts: Mount[];
    terminationLogHostPath?: string;
    /** $(VAR) in command and args, expanded with the container's env. */
    expand?: (s: string) => string;
  },
): ContainerConfig {
  const cfg: ContainerConfig = {
    metadata: { name: c.name, attempt: o.restartCount },
    image: { image: c.image ?? "" },
    envs: o.envs,
    mounts: o.mounts,
    labels: newContainerLabels(pod, c, o.type),
    annotations: containerAnnotations(pod, c, o.restartCount, o.terminationLogHostPath),
    logPath: containerLogPath(c.name, o.restartCount),
    linux: {
      resources: linuxContainerResources(c.resources ?? {}),
      securityContext: securityContextConfig(pod, c),
    },
  };
  const x = o.expand ?? ((s: string) => s);
  if (c.command) cfg.command = c.command.map(x);
  if (c.args) cfg.args = c.args.map(x);
  if (c.workingDir) cfg.workingDir = c.workingDir;
  if (c.stdin) cfg.stdin = true;
  if (c.stdinOnce) cfg.stdinOnce = true;
  if (c.tty) cfg.tty = true;
  return cfg;
}

/** GetNodenameForKernel: the FQDN as the kernel hostname with setHostnameAsFQDN (at most 64 characters). */
export function nodenameForKernel(
  hostname: string,
  hostDomain: string,
  setHostnameAsFQDN: boolean,
): { hostname: string } | { error: string } {
  if (!setHostnameAsFQDN || hostDomain === "") return { hostname };
  const fqdn = `${hostname}.${hostDomain}`;
  if (fqdn.length > 64)
    return {
      error: `failed to construct FQDN from pod hostname and cluster domain, FQDN ${fqdn} is too long (64 characters is the max, ${fqdn.length} characters requested)`,
    };
  return { hostname: fqdn };
}
