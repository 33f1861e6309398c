// What the core asks of the pod-input modules (volumes, env, DNS, hostname, /etc/hosts, probes, hooks).
// inputs.ts wires the real modules; the core only sees this shape.
import type { Container } from "../api/core/v1/container.js";
import type { Pod } from "../api/core/v1/pod.js";
import type { HostAlias } from "../api/core/v1/podspec.js";
import type { DNSConfig, KeyValue, Mount } from "../runtime/cri.js";

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; message: string };
export type LifecycleHandler = NonNullable<NonNullable<Container["lifecycle"]>["postStart"]>;

/** An event a module asks the core to record on the pod (Warning MissingClusterDNS, ...). */
export interface PodEvent {
  type?: "Normal" | "Warning";
  reason: string;
  message: string;
}

export interface ProbeManagerLike {
  addPod(pod: Pod): void;
  removePod(podUid: string): void;
  setContainer(
    podUid: string,
    containerName: string,
    instance: { id: string; startedAt: number } | undefined,
    podIP: string,
  ): void;
  isReady(podUid: string, containerName: string): boolean;
  isStarted(podUid: string, containerName: string): boolean;
  stop(): void;
}

export interface PodInputs {
  /** Starts what the inputs watch (the services informer); runs until the signal aborts. */
  run?(signal: AbortSignal): Promise<void>;
  /** The kubelet knows the pod (added or updated): start watching the ConfigMaps and Secrets it refers to. */
  registerPod?(pod: Pod): void;
  /** The kubelet forgot the pod. */
  unregisterPod?(podUid: string): void;
  volumes?: {
    setUpPod(pod: Pod): Promise<Outcome>;
    containerMounts(pod: Pod, container: Container, env?: KeyValue[]): Outcome<{ mounts: Mount[] }>;
    tearDownPod(podUid: string): Promise<void>;
  };
  env?(
    pod: Pod,
    container: Container,
    podIPs: string[],
  ): Promise<Outcome<{ env: KeyValue[]; warnings?: PodEvent[] }>>;
  dns?(pod: Pod): Outcome<{ config: DNSConfig | undefined; events?: PodEvent[] }>;
  hostname?(pod: Pod): { hostname: string; hostDomain: string } | { error: string };
  /** Writes <podDir>/etc-hosts and returns its /etc/hosts mount (undefined when the container mounts its own). */
  hostsMount?(
    podDir: string,
    container: Container,
    o: {
      podIPs: string[];
      hostname: string;
      hostDomain: string;
      hostAliases?: HostAlias[];
      hostNetwork?: boolean;
    },
  ): Mount | undefined;
  /** The grace period when a failed liveness/startup probe kills the container. */
  probeGracePeriod?(pod: Pod, container: Container, kind: "liveness" | "startup"): number;
  probes?: ProbeManagerLike;
  /** $(VAR) expansion of command and args with the container's env (ExpandContainerCommandAndArgs). */
  expand?(input: string, env: KeyValue[]): string;
  lifecycle?(
    handler: LifecycleHandler,
    t: {
      pod: Pod;
      container: Container;
      containerId: string;
      podIP: string;
      warn?(reason: string, message: string): void;
    },
    signal?: AbortSignal,
  ): Promise<Outcome>;
}

export interface ProbeCallbacks {
  onChange(podUid: string): void;
  onFailure(podUid: string, containerName: string, kind: "liveness" | "startup", message: string): void;
}
