// The kubelet (pkg/kubelet/kubelet.go): registers the node and keeps it alive, watches the pods bound to
// it, and runs one worker per pod that drives the runtime toward the pod's spec (syncPod with
// kuberuntime's computePodActions), reports the pod's status, and on deletion stops it gracefully and
// removes the API object. The PLEG relists the runtime so exits are noticed; housekeeping removes what
// belongs to pods that no longer exist and garbage-collects dead containers.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Container } from "../api/core/v1/container.js";
import type { Pod } from "../api/core/v1/pod.js";
import { pods as podResource } from "../api/core/v1/pod.js";
import { nodes as nodeResource, type Node } from "../api/core/v1/node.js";
import { secrets as secretResource, type Secret } from "../api/core/v1/secret.js";
import { leases as leaseResource } from "../api/coordination/v1/lease.js";
import type { PodStatus } from "../api/core/v1/podstatus.js";
import { clientFor } from "../client/index.js";
import { Informer } from "../client/informer/informer.js";
import type { ResourceClient, RestClient } from "../client/rest/client.js";
import { isConflict, isNotFound } from "../client/rest/errors.js";
import type { EventRecorder } from "../client/record/recorder.js";
import type { Logger } from "../client/log.js";
import type {
  Image,
  ImageService,
  Mount,
  PodSandboxConfig,
  RuntimeFeatures,
  RuntimeService,
} from "../runtime/cri.js";
import { authConfigsForPull } from "../runtime/images/image-service.js";
import type { PullPolicy } from "../runtime/images/pull-policy.js";
import type { NodeLease } from "./simulated/lease.js";
import { ImageManager } from "./images/manager.js";
import { Backoff, formatDuration } from "./kuberuntime/backoff.js";
import { computePodActions, isSidecar, type PodActions } from "./kuberuntime/actions.js";
import {
  containerConfig,
  nodenameForKernel,
  podLogsDirectory,
  podSandboxConfig,
  verifyRunAsNonRoot,
} from "./kuberuntime/containerconfig.js";
import { formatPod, hashContainer, podUIDLabel } from "./kuberuntime/labels.js";
import { findContainer, getPodStatus, podIPsOf, type RuntimePodStatus } from "./kuberuntime/podstatus.js";
import { terminationMessage } from "./kuberuntime/termination.js";
import { PodKiller, minimumGracePeriodSeconds } from "./kuberuntime/kill.js";
import { NodeStatusController } from "./nodestatus/controller.js";
import { GenericPLEG } from "./pleg/generic.js";
import { PodWorkers, type SyncResult } from "./podworkers/podworkers.js";
import { generatePodStatus, kubeletConditionTypes, type WaitingReason } from "./status/generate.js";
import { StatusManager } from "./status/manager.js";
import { sleep } from "../client/wait/sleep.js";
import { admitPod } from "./admission/predicates.js";
import { quantityMilliValue, quantityValue, tryQuantity } from "../api/resource/quantity.js";
import type { PodInputs, ProbeCallbacks } from "./podinputs.js";

export interface KubeletOptions {
  /** The node's identity (system:node:<nodeName>). */
  client: RestClient;
  nodeName: string;
  /** InternalIP */
  nodeIP: string;
  /** Already opened. */
  runtime: RuntimeService;
  images: ImageService;
  /** <data-dir>/agent/kubelet: pods/<uid>/{volumes,etc-hosts,containers/<name>/<id>} */
  rootDir: string;
  /** <data-dir>/agent/pod-logs (upstream /var/log/pods) */
  podLogsDir: string;
  clusterDNS: string[];
  clusterDomain: string;
  /** status.daemonEndpoints.kubeletEndpoint.Port */
  kubeletPort: number;
  maxPods?: number;
  /** component "kubelet", host nodeName */
  recorder: EventRecorder;
  log: Logger;
  /** Called once the Node's spec.podCIDR is known; pods that need the pod network wait until it resolved. */
  onPodCIDR?: (podCIDR: string) => Promise<void>;
  /** Optional: nodeInfo.kubeletVersion (default "v1.32.0-k8ts"). */
  kubeletVersion?: string;
  /** Optional: how often a pod worker re-syncs a pod nothing happened to (default 1 min, upstream's
   * --sync-frequency), each time plus up to half again at random (podworkers.go's jitter). */
  resyncIntervalMs?: number;
}

/** The pod-input modules, built once the kubelet's callbacks exist (see inputs.ts). */
export type PodInputsFactory = (k: {
  runtime: RuntimeService;
  client: RestClient;
  o: KubeletOptions;
  probes: ProbeCallbacks;
}) => PodInputs;

type PodState = {
  /** Reasons of the last sync's failures, by container name. */
  reasons: Map<string, WaitingReason>;
  /** Containers whose liveness/startup failed: name → container id at the time. */
  probeFailures: Map<string, { id: string; kind: "liveness" | "startup" }>;
  /** Termination messages read back, by container id. */
  messages: Map<string, string>;
  /** Stopped (deletion or completion): the containers are down. */
  killed: boolean;
  /** The kubelet failed the pod (DeadlineExceeded): phase Failed with this reason and message. */
  failure?: { reason: string; message: string };
  networkEventSent?: boolean;
};

const defaultResyncMs = 60_000;
/** podworkers.go's workerResyncIntervalJitterFactor: resyncs of pods started together drift apart. */
const resyncJitterFactor = 0.5;
const housekeepingPeriodMs = 2000;

export class Kubelet {
  private readonly podClient: ResourceClient<Pod>;
  private readonly secretClient: ResourceClient<Secret>;
  private readonly podInformer: Informer<Pod & { metadata: { name: string } }>;
  private readonly nodeInformer: Informer<Node & { metadata: { name: string } }>;
  private readonly statusManager: StatusManager;
  private readonly imageManager: ImageManager;
  private readonly crashBackoff = new Backoff(10_000, 300_000);
  private readonly workers: PodWorkers;
  private readonly pleg: GenericPLEG;
  private readonly nodeController: NodeStatusController;
  private readonly inputs: PodInputs;
  private readonly killer: PodKiller;
  private readonly log: Logger;
  /** Pods by UID as last seen (kept after they leave the API until their worker cleaned up). */
  private readonly pods = new Map<string, Pod>();
  private readonly removed = new Set<string>();
  private readonly state = new Map<string, PodState>();
  /** Pods admitted to run here; the rest were rejected (OutOfpods). */
  private readonly admitted = new Set<string>();
  private readonly rejected = new Set<string>();
  private features: RuntimeFeatures = {
    imageFilesystem: true,
    namespaces: true,
    resourceLimits: true,
    securityContext: true,
    survivesRestart: true,
  };
  private runtimeName = "";
  private networkReady: boolean;
  private podCIDR = "";
  private runtimeReady = true;

  constructor(
    private readonly o: KubeletOptions,
    inputsFactory?: PodInputsFactory,
  ) {
    this.log = o.log.child({ component: "kubelet" });
    this.podClient = clientFor<Pod>(o.client, podResource);
    this.secretClient = clientFor<Secret>(o.client, secretResource);
    this.podInformer = new Informer(clientFor(o.client, podResource), {
      fieldSelector: `spec.nodeName=${o.nodeName}`,
      onError: (e) => this.log.warn({ err: String(e) }, "Pod watch failed; retrying"),
    });
    this.nodeInformer = new Informer(clientFor(o.client, nodeResource), {
      fieldSelector: `metadata.name=${o.nodeName}`,
      onError: (e) => this.log.warn({ err: String(e) }, "Node watch failed; retrying"),
    });
    this.statusManager = new StatusManager(this.podClient, this.log);
    this.imageManager = new ImageManager(o.images);
    this.workers = new PodWorkers((uid) => this.syncPod(uid), this.log);
    this.pleg = new GenericPLEG(o.runtime, (uid) => this.workers.update(uid), this.log);
    this.networkReady = o.onPodCIDR === undefined;
    this.inputs =
      inputsFactory?.({
        runtime: o.runtime,
        client: o.client,
        o,
        probes: {
          onChange: (uid) => this.workers.update(uid),
          onFailure: (uid, name, kind, message) => this.onProbeFailure(uid, name, kind, message),
        },
      }) ?? {};
    this.killer = new PodKiller({
      runtime: o.runtime,
      inputs: this.inputs,
      event: (pod, type, reason, message) => this.event(pod, type, reason, message),
      log: this.log,
    });
    this.nodeController = new NodeStatusController({
      nodes: clientFor<Node>(o.client, nodeResource),
      leases: clientFor<NodeLease>(o.client, leaseResource),
      nodeName: o.nodeName,
      nodeIP: o.nodeIP,
      rootDir: o.rootDir,
      maxPods: o.maxPods ?? 110,
      kubeletPort: o.kubeletPort,
      kubeletVersion: o.kubeletVersion ?? "v1.32.0-k8ts",
      recorder: o.recorder,
      log: this.log,
      conditionFacts: () => this.conditionFacts(),
      refresh: async () => {
        const rs = await o.runtime.status().catch(() => undefined);
        this.runtimeReady = rs?.conditions.find((c) => c.type === "RuntimeReady")?.status === true;
      },
      images: async () =>
        (await o.images.listImages())
          .map((i) => ({ names: [...i.repoDigests, ...i.repoTags], sizeBytes: i.size }))
          .sort((a, b) => b.sizeBytes - a.sizeBytes)
          .slice(0, 50),
    });
  }

  private conditionFacts() {
    const notReady: string[] = [];
    if (!this.runtimeReady) notReady.push("container runtime is down");
    if (!this.pleg.healthy())
      notReady.push(
        `PLEG is not healthy: pleg was last seen active ${formatDuration(this.pleg.sinceLastRelist())} ago; threshold is 3m0s`,
      );
    if (!this.networkReady)
      notReady.push(
        "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
      );
    const f: { notIsolated: boolean; notReadyMessage?: string } = {
      notIsolated: !this.features.namespaces && !this.features.imageFilesystem,
    };
    if (notReady.length > 0) f.notReadyMessage = notReady.join(", ");
    return f;
  }

  async run(signal: AbortSignal): Promise<void> {
    await fs.mkdir(path.join(this.o.rootDir, "pods"), { recursive: true });
    await fs.mkdir(this.o.podLogsDir, { recursive: true });
    const version = await this.o.runtime.version();
    this.runtimeName = version.runtimeName;
    const rs = await this.o.runtime.status();
    this.features = rs.features;
    this.runtimeReady = rs.conditions.find((c) => c.type === "RuntimeReady")?.status !== false;
    this.nodeController.containerRuntimeVersion = `${version.runtimeName}://${version.runtimeVersion}`;
    if (!this.features.namespaces)
      this.log.warn({}, "The container runtime gives pods no isolation: containers run as host processes");

    await this.nodeController.register(signal);
    if (signal.aborted) return;

    this.nodeInformer.addEventHandler({
      onAdd: (n) => this.observeNode(n as Node),
      onUpdate: (_, n) => this.observeNode(n as Node),
    });
    this.podInformer.addEventHandler({
      onAdd: (p) => this.podSeen(p as Pod),
      onUpdate: (old, p) => this.podSeen(p as Pod, old as Pod),
      onDelete: (p) => this.podGone(p as Pod),
    });
    const informers = Promise.all([
      this.nodeInformer.run(signal),
      this.podInformer.run(signal),
      this.inputs.run?.(signal),
    ]);
    const node = this.nodeController.run(signal);
    await this.podInformer.waitForSync();
    const pleg = this.pleg.run(signal);
    const housekeeping = this.housekeepingLoop(signal);
    await new Promise<void>((r) =>
      signal.aborted ? r() : signal.addEventListener("abort", () => r(), { once: true }),
    );
    await this.workers.stop();
    this.inputs.probes?.stop();
    await Promise.all([informers, node, pleg, housekeeping]);
  }

  // ---- inputs from the API ---------------------------------------------------------------------------

  private observeNode(n: Node): void {
    const cidr = n.spec?.podCIDR ?? "";
    if (cidr === "" || cidr === this.podCIDR || this.o.onPodCIDR === undefined) return;
    this.podCIDR = cidr;
    this.o
      .onPodCIDR(cidr)
      .then(() => {
        this.networkReady = true;
        this.nodeController.poke();
        for (const uid of this.pods.keys()) this.workers.update(uid);
      })
      .catch((e: unknown) =>
        this.log.error({ podCIDR: cidr, err: String(e) }, "Setting up the pod network failed"),
      );
  }

  private podSeen(p: Pod, old?: Pod): void {
    const uid = p.metadata?.uid ?? "";
    if (uid === "") return;
    this.pods.set(uid, p);
    // Upstream's pod config (podsDifferSemantically): a change to the status alone is no update of the pod.
    // It is a reconcile, which syncs only when the API no longer shows the status the kubelet wrote (here,
    // at once; upstream, at its status manager's next reconcile). The kubelet's own status writes come back
    // this way, once per pod start.
    if (old && !differsSemantically(old, p) && this.statusManager.showsWritten(p)) return;
    // as upstream's pod manager, on an add or update (what a pod refers to is in its spec)
    this.inputs.registerPod?.(p);
    this.workers.update(uid);
  }

  private podGone(p: Pod): void {
    const uid = p.metadata?.uid ?? "";
    if (uid === "" || !this.pods.has(uid)) return;
    this.removed.add(uid);
    this.workers.update(uid);
  }

  private onProbeFailure(uid: string, name: string, kind: "liveness" | "startup", message: string): void {
    const st = this.state.get(uid);
    const pod = this.pods.get(uid);
    if (!st || !pod) return;
    void getPodStatus(this.o.runtime, uid).then(
      (rs) => {
        const c = findContainer(rs, name);
        if (c?.state === "CONTAINER_RUNNING") st.probeFailures.set(name, { id: c.id, kind });
        this.log.info({ pod: formatPod(pod), container: name, kind, message }, "Container probe failed");
        this.workers.update(uid);
      },
      (e: unknown) => this.log.warn({ podUID: uid, err: String(e) }, "Reading the pod's containers failed"),
    );
  }

  private stateOf(uid: string): PodState {
    let s = this.state.get(uid);
    if (s === undefined)
      this.state.set(
        uid,
        (s = {
          reasons: new Map(),
          probeFailures: new Map(),
          messages: new Map(),
          killed: false,
        }),
      );
    return s;
  }

  private event(
    on: Pod | { pod: Pod; fieldPath: string },
    type: "Normal" | "Warning",
    reason: string,
    message: string,
  ): void {
    const pod = "pod" in on ? on.pod : on;
    this.o.recorder.event(
      {
        ...("fieldPath" in on ? { fieldPath: on.fieldPath } : {}),
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          namespace: pod.metadata?.namespace,
          name: pod.metadata?.name,
          uid: pod.metadata?.uid,
          resourceVersion: pod.metadata?.resourceVersion,
        },
      },
      type,
      reason,
      message,
    );
  }

  private podDir(uid: string): string {
    return path.join(this.o.rootDir, "pods", uid);
  }

  // ---- the pod worker's sync -------------------------------------------------------------------------

  private async syncPod(uid: string): Promise<SyncResult> {
    const pod = this.pods.get(uid);
    if (pod === undefined) return { done: true };
    if (this.removed.has(uid)) {
      // Gone from the API (force-deleted, or our final delete went through): stop and remove everything.
      await this.killer.killPod(pod, await getPodStatus(this.o.runtime, uid), 0);
      await this.cleanupPod(uid, pod);
      return { done: true };
    }
    if (pod.metadata?.deletionTimestamp) return this.syncTerminatingPod(pod);
    if (this.rejected.has(uid)) return;
    if (!this.admitted.has(uid) && !(await this.admit(pod))) return;
    return this.syncRunningPod(pod);
  }

  /** canAdmitPod: node affinity, host ports, pods/cpu/memory left (lifecycle/predicate.go). */
  private async admit(pod: Pod): Promise<boolean> {
    const uid = pod.metadata?.uid ?? "";
    const phase = this.statusManager.lastWritten(uid)?.phase ?? pod.status?.phase;
    // Pods already running here (after a restart) or already over are admitted again as they are.
    const running =
      (await this.o.runtime.listPodSandbox({ labelSelector: { [podUIDLabel]: uid } })).length > 0;
    if (running || phase === "Succeeded" || phase === "Failed") {
      this.admitted.add(uid);
      return true;
    }
    const active = [...this.admitted]
      .filter((u) => {
        const p = this.pods.get(u);
        const ph = this.statusManager.lastWritten(u)?.phase ?? p?.status?.phase;
        return p !== undefined && !this.removed.has(u) && ph !== "Succeeded" && ph !== "Failed";
      })
      .map((u) => this.pods.get(u)!);
    const node = this.nodeInformer.lister.get("", this.o.nodeName) as Node | undefined;
    const alloc = node?.status?.allocatable ?? {};
    const quantity = (v: string | number | undefined, milli: boolean) => {
      const q = tryQuantity(v);
      if (q === undefined) return Infinity;
      return milli ? quantityMilliValue(q) : quantityValue(q);
    };
    const r = admitPod(pod, active, {
      name: this.o.nodeName,
      labels: node?.metadata?.labels ?? {},
      pods: this.o.maxPods ?? 110,
      milliCPU: quantity(alloc.cpu, true),
      memoryBytes: quantity(alloc.memory, false),
    });
    if (r.admit) {
      this.admitted.add(uid);
      return true;
    }
    this.rejected.add(uid);
    this.event(pod, "Warning", r.reason, r.message);
    await this.statusManager.setPodStatus(pod, {
      ...(pod.status ?? {}),
      phase: "Failed",
      reason: r.reason,
      message: `Pod was rejected: ${r.message}`,
    });
    return false;
  }

  private async syncRunningPod(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata?.uid ?? "";
    const st = this.stateOf(uid);
    const resync = (this.o.resyncIntervalMs ?? defaultResyncMs) * (1 + Math.random() * resyncJitterFactor);
    const written = this.statusManager.lastWritten(uid)?.phase ?? pod.status?.phase;
    // A terminal pod (completed, failed, rejected) never runs again: what is left of it is stopped.
    if (written === "Succeeded" || written === "Failed") {
      if (!st.killed) {
        await this.killer.killPod(pod, await getPodStatus(this.o.runtime, uid), undefined);
        st.killed = true;
      }
      return;
    }
    // The prober follows the newest pod object (addPod again only updates it).
    if (this.inputs.probes) {
      this.inputs.probes.addPod(pod);
    }
    let requeue = resync;
    // activeDeadlineSeconds (active_deadline.go): past it, the pod is killed and Failed.
    const deadline = pod.spec?.activeDeadlineSeconds;
    const startTime = Date.parse(pod.status?.startTime ?? "");
    if (deadline !== undefined && !Number.isNaN(startTime)) {
      const left = startTime + deadline * 1000 - Date.now();
      if (left <= 0) {
        if (!st.failure) {
          st.failure = {
            reason: "DeadlineExceeded",
            message: "Pod was active on the node longer than the specified deadline",
          };
          this.event(pod, "Normal", st.failure.reason, st.failure.message);
        }
        const rs = await getPodStatus(this.o.runtime, uid);
        await this.killer.killPod(pod, rs, undefined);
        st.killed = true;
        await this.pushStatus(pod, await getPodStatus(this.o.runtime, uid), true);
        return;
      }
      requeue = Math.min(requeue, left + 50);
    }
    const hostNetwork = pod.spec?.hostNetwork === true;
    if (!hostNetwork && !this.networkReady) {
      const message =
        "network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
      if (!st.networkEventSent) this.event(pod, "Warning", "NetworkNotReady", message);
      st.networkEventSent = true;
      await this.pushStatus(pod, await getPodStatus(this.o.runtime, uid));
      return { requeueAfterMs: 1000 };
    }
    if (this.inputs.volumes) {
      const v = await this.inputs.volumes.setUpPod(pod);
      if (!v.ok) {
        this.event(pod, "Warning", "FailedMount", v.message);
        await this.pushStatus(pod, await getPodStatus(this.o.runtime, uid));
        return { requeueAfterMs: 2000 };
      }
    }

    let rs = await getPodStatus(this.o.runtime, uid);
    const actions = computePodActions(pod, rs, {
      sandboxNeedsIP: false,
      started: (name) => (this.inputs.probes ? this.inputs.probes.isStarted(uid, name) : true),
      probeFailed: (name, id) => {
        const f = st.probeFailures.get(name);
        return f && f.id === id ? f.kind : undefined;
      },
    });
    this.log.debug({ pod: formatPod(pod), actions: summarize(actions) }, "computePodActions");

    if (actions.killPod) {
      if (actions.createSandbox && actions.attempt > 0)
        this.event(pod, "Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.");
      await this.killer.killPod(pod, rs, undefined);
      if (!actions.createSandbox) {
        st.killed = true;
        rs = await getPodStatus(this.o.runtime, uid);
        await this.pushStatus(pod, rs);
        return;
      }
    } else {
      await Promise.all(
        actions.containersToKill.map(async (k) => {
          const c = rs.containers.find((x) => x.id === k.id);
          const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find(
            (x) => x.name === k.name,
          );
          const failure = st.probeFailures.get(k.name);
          const grace =
            failure && spec && this.inputs.probeGracePeriod
              ? this.inputs.probeGracePeriod(pod, spec, failure.kind)
              : undefined;
          if (c && spec) await this.killer.killContainer(pod, spec, c, grace, k.message);
          st.probeFailures.delete(k.name);
        }),
      );
      if (actions.containersToKill.length > 0) rs = await getPodStatus(this.o.runtime, uid);
    }

    let sandboxId = actions.sandboxId;
    const sandboxConfig = this.sandboxConfig(pod, actions.attempt, actions.createSandbox);
    if (!sandboxConfig.ok) {
      this.event(
        pod,
        "Warning",
        "FailedCreatePodSandBox",
        `Failed to create pod sandbox: ${sandboxConfig.message}`,
      );
      return { requeueAfterMs: 5000 };
    }
    if (actions.createSandbox) {
      await fs.mkdir(sandboxConfig.config.logDirectory, { recursive: true });
      const r = await this.o.runtime.runPodSandbox(sandboxConfig.config);
      if (!r.ok) {
        this.event(
          pod,
          "Warning",
          "FailedCreatePodSandBox",
          `Failed to create pod sandbox: ${r.error.message}`,
        );
        await this.pushStatus(pod, rs);
        return { requeueAfterMs: 5000 };
      }
      sandboxId = r.value;
      rs = await getPodStatus(this.o.runtime, uid);
    }
    const podIPs = this.podIPs(pod, rs);

    const starts: Container[] = [];
    starts.push(...actions.initContainersToStart);
    for (const c of actions.containersToStart) starts.push(c);
    const isInit = (c: Container) => actions.initContainersToStart.includes(c);
    // In order, as upstream: the init containers of this step, then the containers (none wait for another).
    for (const c of starts) {
      const r = await this.startContainer(pod, c, isInit(c), sandboxId, sandboxConfig.config, podIPs, rs);
      if (r.requeueAfterMs !== undefined) requeue = Math.min(requeue, r.requeueAfterMs);
    }
    if (starts.length > 0) rs = await getPodStatus(this.o.runtime, uid);
    rs = await this.gcPodContainers(rs);
    this.updateProbes(pod, rs, podIPs);
    await this.pushStatus(pod, rs);
    return { requeueAfterMs: requeue };
  }

  private sandboxConfig(
    pod: Pod,
    attempt: number,
    record: boolean,
  ): { ok: true; config: PodSandboxConfig } | { ok: false; message: string } {
    let hostname = pod.metadata?.name ?? "";
    if (this.inputs.hostname) {
      const h = this.inputs.hostname(pod);
      if ("error" in h) return { ok: false, message: h.error };
      const k = nodenameForKernel(h.hostname, h.hostDomain, pod.spec?.setHostnameAsFQDN === true);
      if ("error" in k) return { ok: false, message: k.error };
      hostname = k.hostname;
    }
    let dnsConfig;
    if (this.inputs.dns) {
      const d = this.inputs.dns(pod);
      if (!d.ok) return { ok: false, message: d.message };
      dnsConfig = d.config;
      if (record) for (const e of d.events ?? []) this.event(pod, e.type ?? "Warning", e.reason, e.message);
    }
    return {
      ok: true,
      config: podSandboxConfig(pod, { attempt, podLogsDir: this.o.podLogsDir, hostname, dnsConfig }),
    };
  }

  private podIPs(pod: Pod, rs: RuntimePodStatus): string[] {
    if (pod.spec?.hostNetwork) return [this.o.nodeIP];
    const ips = podIPsOf(rs);
    if (ips.length > 0) return ips;
    // Runtimes without a pod network run pods on the host's; a stopped sandbox keeps its last IPs.
    const sb = rs.sandboxes[0];
    if (sb && sb.state === "SANDBOX_READY" && !this.features.namespaces) return [this.o.nodeIP];
    return (pod.status?.podIPs ?? []).map((p) => p.ip);
  }

  private updateProbes(pod: Pod, rs: RuntimePodStatus, podIPs: string[]): void {
    const probes = this.inputs.probes;
    if (!probes) return;
    const uid = pod.metadata?.uid ?? "";
    const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar);
    for (const c of [...sidecars, ...(pod.spec?.containers ?? [])]) {
      const latest = findContainer(rs, c.name, sidecars.includes(c));
      probes.setContainer(
        uid,
        c.name,
        latest?.state === "CONTAINER_RUNNING" ? { id: latest.id, startedAt: latest.startedAt } : undefined,
        podIPs[0] ?? "",
      );
    }
  }

  /** startContainer (kuberuntime_container.go) with the crash back-off check (doBackOff) in front. */
  private async startContainer(
    pod: Pod,
    c: Container,
    init: boolean,
    sandboxId: string,
    sandboxConfig: PodSandboxConfig,
    podIPs: string[],
    rs: RuntimePodStatus,
  ): Promise<{ requeueAfterMs?: number }> {
    const uid = pod.metadata?.uid ?? "";
    const st = this.stateOf(uid);
    // upstream's events about one container name it: involvedObject.fieldPath
    const fieldPath = `spec.${init ? "initContainers" : "containers"}{${c.name}}`;
    const fail = (reason: string, message: string, event = true) => {
      st.reasons.set(c.name, { reason, message });
      if (event) this.event({ pod, fieldPath }, "Warning", "Failed", `Error: ${message}`);
    };
    const latest = findContainer(rs, c.name, init);
    const key = `${pod.metadata?.name}_${pod.metadata?.namespace}_${uid}_${c.name}_${hashContainer(c)}`;
    if (latest && latest.state === "CONTAINER_EXITED") {
      if (this.crashBackoff.isInBackOffSince(key, latest.finishedAt)) {
        const delay = formatDuration(this.crashBackoff.get(key));
        this.event(
          pod,
          "Warning",
          "BackOff",
          `Back-off restarting failed container ${c.name} in pod ${formatPod(pod)}`,
        );
        st.reasons.set(c.name, {
          reason: "CrashLoopBackOff",
          message: `back-off ${delay} restarting failed container=${c.name} pod=${formatPod(pod)}`,
        });
        return { requeueAfterMs: this.crashBackoff.remaining(key, latest.finishedAt) + 50 };
      }
      this.crashBackoff.next(key, latest.finishedAt);
    }

    let imageStatus: Image | undefined;
    const image = await this.imageManager.ensureImageExists({
      image: c.image ?? "",
      pullPolicy: (c.imagePullPolicy ?? "IfNotPresent") as PullPolicy,
      podUID: uid,
      auths: () => this.pullAuths(pod, c.image ?? ""),
      event: (e) => this.event({ pod, fieldPath }, e.type, e.reason, e.message),
      present: (i) => (imageStatus = i),
    });
    if (!image.ok) {
      st.reasons.set(c.name, { reason: image.reason, message: image.message });
      this.event({ pod, fieldPath }, "Warning", "Failed", `Error: ${image.reason}`);
      const left = this.imageManager.backoff.remaining(`${c.image}_${uid}`, Date.now());
      return { requeueAfterMs: Math.max(1000, left) };
    }
    const restartCount = latest
      ? latest.restartCount + 1
      : await restartCountFromLogDir(path.join(sandboxConfig.logDirectory, c.name));

    // The status ensureImageExists just read, else asked again (each read of the image store is costly).
    imageStatus ??= (await this.o.images.imageStatus({ image: c.image ?? "" })) ?? undefined;
    const nonRoot = verifyRunAsNonRoot(pod, c, imageStatus ?? null);
    if (nonRoot !== undefined && this.features.securityContext) {
      fail("CreateContainerConfigError", nonRoot);
      return { requeueAfterMs: 10_000 };
    }
    let envs: { key: string; value: string }[] = [];
    if (this.inputs.env) {
      const e = await this.inputs.env(pod, c, podIPs);
      if (!e.ok) {
        fail("CreateContainerConfigError", e.message);
        return { requeueAfterMs: 10_000 };
      }
      envs = e.env;
      for (const w of e.warnings ?? [])
        this.event({ pod, fieldPath }, w.type ?? "Warning", w.reason, w.message);
    }
    const mounts: Mount[] = [];
    if (this.inputs.volumes) {
      const m = this.inputs.volumes.containerMounts(pod, c, envs);
      if (!m.ok) {
        fail("CreateContainerConfigError", m.message);
        return { requeueAfterMs: 10_000 };
      }
      mounts.push(...m.mounts);
    }
    let terminationLog: string | undefined;
    if (this.features.imageFilesystem) {
      const hosts = this.etcHostsMount(pod, c, podIPs);
      if (hosts && !mounts.some((m) => m.containerPath === "/etc/hosts")) mounts.push(hosts);
      // The termination-log file the container writes its message to (makeMounts: a fresh file per start).
      const dir = path.join(this.podDir(uid), "containers", c.name);
      await fs.mkdir(dir, { recursive: true });
      terminationLog = path.join(dir, randomBytes(4).toString("hex"));
      await fs.writeFile(terminationLog, "");
      // Writable whatever user the container runs as (upstream chmods it 0666).
      await fs.chmod(terminationLog, 0o666);
      mounts.push({
        containerPath: c.terminationMessagePath ?? "/dev/termination-log",
        hostPath: terminationLog,
      });
    }
    const config = containerConfig(pod, c, {
      type: init ? "INIT" : "CONTAINER",
      restartCount,
      envs,
      mounts,
      ...(terminationLog ? { terminationLogHostPath: terminationLog } : {}),
      ...(this.inputs.expand ? { expand: (x: string) => this.inputs.expand!(x, envs) } : {}),
    });
    await fs.mkdir(path.join(sandboxConfig.logDirectory, c.name), { recursive: true });
    const created = await this.o.runtime.createContainer(sandboxId, config, sandboxConfig);
    if (!created.ok) {
      fail("CreateContainerError", created.error.message);
      return { requeueAfterMs: 10_000 };
    }
    this.event({ pod, fieldPath }, "Normal", "Created", `Created container: ${c.name}`);
    const started = await this.o.runtime.startContainer(created.value);
    if (!started.ok) {
      fail("RunContainerError", started.error.message);
      return { requeueAfterMs: 1000 };
    }
    this.event({ pod, fieldPath }, "Normal", "Started", `Started container ${c.name}`);
    st.reasons.delete(c.name);
    const postStart = c.lifecycle?.postStart;
    if (postStart && this.inputs.lifecycle) {
      const r = await this.inputs.lifecycle(postStart, {
        pod,
        container: c,
        containerId: created.value,
        podIP: podIPs[0] ?? "",
        warn: (reason, message) => this.event({ pod, fieldPath }, "Warning", reason, message),
      });
      if (!r.ok) {
        // Upstream keeps the hook's output out of the event (it may hold secrets).
        this.event({ pod, fieldPath }, "Warning", "FailedPostStartHook", "PostStartHook failed");
        const now = await this.o.runtime.containerStatus(created.value);
        if (now.ok)
          await this.killer.killContainer(
            pod,
            c,
            { ...now.value, name: c.name, restartCount, hash: "", init },
            undefined,
            undefined,
            false,
          );
        st.reasons.set(c.name, { reason: "PostStartHookError", message: r.message });
      }
    }
    return {};
  }

  /** The pod's managed /etc/hosts (kubelet_pods.go makeHostsMount), written under the pod's dir. */
  private etcHostsMount(pod: Pod, c: Container, podIPs: string[]): Mount | undefined {
    // shouldMountHostsFile: once the pod has an IP (or shares the host's network).
    if (!this.inputs.hostsMount || (podIPs.length === 0 && !pod.spec?.hostNetwork)) return undefined;
    // The plain hostname (not the FQDN of setHostnameAsFQDN), as upstream writes it.
    let hostname = pod.metadata?.name ?? "";
    let hostDomain = "";
    if (this.inputs.hostname) {
      const h = this.inputs.hostname(pod);
      if (!("error" in h)) ({ hostname, hostDomain } = h);
    }
    try {
      return this.inputs.hostsMount(this.podDir(pod.metadata?.uid ?? ""), c, {
        podIPs,
        hostname,
        hostDomain,
        hostNetwork: pod.spec?.hostNetwork === true,
        ...(pod.spec?.hostAliases ? { hostAliases: pod.spec.hostAliases } : {}),
      });
    } catch (e) {
      this.log.warn({ pod: formatPod(pod), err: String(e) }, "Unable to write the pod's hosts file");
      return undefined;
    }
  }

  private async pullAuths(pod: Pod, image: string) {
    const secrets: Secret[] = [];
    for (const ref of pod.spec?.imagePullSecrets ?? []) {
      if (!ref.name) continue;
      const s = await this.secretClient.get(pod.metadata?.namespace ?? "", ref.name).catch(() => undefined);
      if (s) secrets.push(s);
    }
    return authConfigsForPull(image, secrets);
  }

  // ---- stopping ----------------------------------------------------------------------------------------

  /** A pod being deleted: containers stop gracefully, the final status is posted, then the object goes. */
  private async syncTerminatingPod(pod: Pod): Promise<SyncResult> {
    const uid = pod.metadata?.uid ?? "";
    const st = this.stateOf(uid);
    let rs = await getPodStatus(this.o.runtime, uid);
    if (!st.killed || rs.containers.some((c) => c.state === "CONTAINER_RUNNING")) {
      this.inputs.probes?.removePod(uid);
      await this.killer.killPod(pod, rs, undefined);
      st.killed = true;
      rs = await getPodStatus(this.o.runtime, uid);
    }
    st.reasons.clear();
    await this.pushStatus(pod, rs, true);
    await this.inputs.volumes?.tearDownPod(uid);
    try {
      await this.podClient.delete(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "", {
        gracePeriodSeconds: 0,
        preconditions: { uid },
      });
    } catch (e) {
      // Gone already, or a new pod took the name (UID precondition): nothing left to delete.
      if (!isNotFound(e) && !isConflict(e)) throw e;
    }
    this.removed.add(uid);
    await this.cleanupPod(uid, pod);
    return { done: true };
  }

  /** Removes the pod's sandboxes, containers, directories and logs, and forgets it. */
  private async cleanupPod(uid: string, pod: Pod | undefined): Promise<void> {
    for (const s of await this.o.runtime.listPodSandbox({ labelSelector: { [podUIDLabel]: uid } })) {
      const r = await this.o.runtime.removePodSandbox(s.id);
      if (!r.ok) this.log.warn({ podUID: uid, err: r.error.message }, "Failed to remove sandbox");
    }
    for (const c of await this.o.runtime.listContainers({ labelSelector: { [podUIDLabel]: uid } }))
      await this.o.runtime.removeContainer(c.id);
    this.inputs.probes?.removePod(uid);
    await this.inputs.volumes?.tearDownPod(uid);
    await fs.rm(this.podDir(uid), { recursive: true, force: true });
    if (pod) await fs.rm(podLogsDirectory(this.o.podLogsDir, pod), { recursive: true, force: true });
    this.pods.delete(uid);
    this.inputs.unregisterPod?.(uid);
    this.removed.delete(uid);
    this.state.delete(uid);
    this.admitted.delete(uid);
    this.rejected.delete(uid);
    this.statusManager.forget(uid);
  }

  // ---- status ------------------------------------------------------------------------------------------

  private async pushStatus(pod: Pod, rs: RuntimePodStatus, terminal = false): Promise<void> {
    const uid = pod.metadata?.uid ?? "";
    const st = this.stateOf(uid);
    for (const c of rs.containers)
      if (c.state === "CONTAINER_EXITED" && !st.messages.has(c.id))
        st.messages.set(c.id, await terminationMessage(c));
    // Messages of containers garbage-collected meanwhile are dropped.
    for (const id of st.messages.keys()) if (!rs.containers.some((c) => c.id === id)) st.messages.delete(id);
    const probes = this.inputs.probes;
    const sb = rs.sandboxes[0];
    // Our last write is newer than the watched pod may be: transition times and startTime carry on from it.
    const previous = this.statusManager.lastWritten(uid);
    const base: Pod = previous
      ? {
          ...pod,
          status: {
            ...(pod.status ?? {}),
            ...previous,
            conditions: [
              ...(previous.conditions ?? []).filter((c) => kubeletConditionTypes.has(c.type)),
              ...(pod.status?.conditions ?? []).filter((c) => !kubeletConditionTypes.has(c.type)),
            ],
          },
        }
      : pod;
    const status: PodStatus = generatePodStatus({
      pod: base,
      runtime: rs,
      runtimeName: this.runtimeName,
      reasons: st.reasons,
      terminationMessages: st.messages,
      ready: (name) => (probes ? probes.isReady(uid, name) : true),
      started: (name) => (probes ? probes.isStarted(uid, name) : true),
      hostIPs: [this.o.nodeIP],
      podIPs: this.podIPs(pod, rs),
      sandboxReady: sb?.state === "SANDBOX_READY",
      nowMs: Date.now(),
      terminal,
    });
    if (st.failure) Object.assign(status, { phase: "Failed" }, st.failure);
    await this.statusManager.setPodStatus(pod, status);
  }

  // ---- housekeeping ------------------------------------------------------------------------------------

  /** Keeps the newest two instances of each container (the current one and the previous, for logs --previous). */
  private async gcPodContainers(rs: RuntimePodStatus): Promise<RuntimePodStatus> {
    const seen = new Map<string, number>();
    const removed = new Set<string>();
    for (const c of rs.containers) {
      const key = `${c.init ? "i" : "c"}/${c.name}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (n > 2 && c.state !== "CONTAINER_RUNNING") {
        const r = await this.o.runtime.removeContainer(c.id);
        if (r.ok) removed.add(c.id);
      }
    }
    return removed.size === 0 ? rs : { ...rs, containers: rs.containers.filter((c) => !removed.has(c.id)) };
  }

  private async housekeeping(): Promise<void> {
    if (!this.podInformer.hasSynced()) return;
    const known = new Set(this.pods.keys());
    const orphans = new Set<string>();
    for (const s of await this.o.runtime.listPodSandbox()) {
      const uid = s.labels[podUIDLabel];
      if (uid && !known.has(uid) && !this.workers.has(uid)) orphans.add(uid);
    }
    for (const c of await this.o.runtime.listContainers()) {
      const uid = c.labels[podUIDLabel];
      if (uid && !known.has(uid) && !this.workers.has(uid)) orphans.add(uid);
    }
    for (const uid of orphans) {
      this.log.info({ podUID: uid }, "Removing the sandboxes and containers of a pod that no longer exists");
      const rs = await getPodStatus(this.o.runtime, uid);
      for (const c of rs.containers)
        if (c.state === "CONTAINER_RUNNING")
          await this.o.runtime.stopContainer(c.id, minimumGracePeriodSeconds);
      await this.cleanupPod(uid, undefined);
    }
    // Pod directories of pods that are gone.
    const dirs = await fs.readdir(path.join(this.o.rootDir, "pods")).catch(() => [] as string[]);
    for (const uid of dirs)
      if (!known.has(uid) && !this.workers.has(uid)) {
        await this.inputs.volumes?.tearDownPod(uid);
        await fs.rm(this.podDir(uid), { recursive: true, force: true });
      }
    this.crashBackoff.gc();
    this.imageManager.backoff.gc();
  }

  private async housekeepingLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(housekeepingPeriodMs, signal);
      if (signal.aborted) break;
      await this.housekeeping().catch((e: unknown) =>
        this.log.warn({ err: String(e) }, "Housekeeping failed"),
      );
    }
  }
}

/** calcRestartCountByLogDir: after the runtime lost a container's history, go on from its newest log file. */
async function restartCountFromLogDir(dir: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let next = 0;
  for (const n of names) {
    const m = /^(\d+)\.log/.exec(n);
    if (m) next = Math.max(next, Number(m[1]) + 1);
  }
  return next;
}

function summarize(a: PodActions) {
  return {
    killPod: a.killPod,
    createSandbox: a.createSandbox,
    attempt: a.attempt,
    init: a.initContainersToStart.map((c) => c.name),
    start: a.containersToStart.map((c) => c.name),
    kill: a.containersToKill.map((c) => c.name),
  };
}

/** podsDifferSemantically (pkg/kubelet/config): spec, labels, annotations or deletion changed. */
export function differsSemantically(a: Pod, b: Pod): boolean {
  const same = (x: unknown, y: unknown) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);
  return !(
    same(a.spec, b.spec) &&
    same(a.metadata?.labels, b.metadata?.labels) &&
    same(a.metadata?.annotations, b.metadata?.annotations) &&
    a.metadata?.deletionTimestamp === b.metadata?.deletionTimestamp &&
    a.metadata?.deletionGracePeriodSeconds === b.metadata?.deletionGracePeriodSeconds
  );
}
