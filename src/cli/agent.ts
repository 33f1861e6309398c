// The agent: what makes a host a node. The kubelet with its runtime (runc as root on Linux, else host
// processes), the node's image store (busybox built from busybox-static so examples run offline), the CNI pod
// network on the podCIDR the node IPAM controller gives the Node, the kubelet's HTTPS API (logs, exec, attach,
// port-forward) and kube-proxy. `k8ts server` runs one for its own host; `k8ts agent` runs one that joins.
import { hostname } from "node:os";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { RestClient } from "../client/rest/client.js";
import type { RestConfig } from "../client/rest/config.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { EventRecorder, type CoreEvent } from "../client/record/recorder.js";
import { clientFor } from "../client/index.js";
import type { Logger } from "../client/log.js";
import { events } from "../api/core/v1/event.js";
import type { RuntimeService } from "../runtime/cri.js";
import { defaultRuntime, type RuntimeChoice } from "../runtime/select.js";
import { RuncRuntime } from "../runtime/runc/runc-runtime.js";
import { ProcessRuntime } from "../runtime/process/process-runtime.js";
import {
  ImageStore,
  StoreImageService,
  buildBusyboxImage,
  busyboxTag,
  busyboxVersion,
} from "../runtime/images/index.js";
import { DeferredPodNetwork, ensureBridge } from "../network/index.js";
import { agentCniNetwork } from "./agent-network.js";
import { IptablesProxier, canUseIptables } from "../proxy/proxier.js";
import { UserspaceProxier } from "../proxy/index.js";
import { createKubelet } from "../kubelet/index.js";
import { ForkedSpawner, useSpawner } from "../runtime/spawner/spawner.js";
import { createKubeletServer } from "../kubelet/server/index.js";
import { ensureHostPackages } from "./packages.js";
import { issueKubeletServingCertificate, type CertKey, type ClusterPki } from "../apiserver/pki/pki.js";
import { kubeProxyCertificate, nodeCertificate } from "./identities.js";

export interface AgentOptions {
  /** The kubelet's identity (system:node:<name>). */
  rest: RestConfig;
  /** kube-proxy's identity (system:kube-proxy); default `rest`. */
  proxyRest?: RestConfig;
  log: Logger;
  /** Agent state lives in <dataDir>/agent. */
  dataDir: string;
  nodeName: string;
  nodeIP: string;
  /** Forced runtime (--runtime); default: runc where possible. */
  runtime?: "runc" | "process";
  installPackages: boolean;
  clusterCIDR: string;
  clusterDNS: string;
  clusterDomain: string;
  kubeletPort: number;
  kubeletTls: { cert: string; key: string; clientCA: string };
  /** The Linux bridge pods attach to. */
  bridge: string;
  /** Called with the bridge's gateway address once the node has a podCIDR (the server serves DNS there). */
  onGateway?: (ip: string) => void;
}

export function defaultNodeName(): string {
  return hostname().toLowerCase();
}

export function parseRuntime(v: string | undefined): "runc" | "process" | undefined {
  if (v === undefined || v === "runc" || v === "process") return v;
  throw new Error(`invalid --runtime ${v} (runc or process)`);
}

/**
 * The certificates of this server's own node: the kubelet's client identity system:node:<name> in system:nodes
 * (what the Node authorizer expects), its serving certificate for the node's name and IP, and kube-proxy's
 * client identity system:kube-proxy. Agents on other hosts get theirs through the CSR API (agentcmd.ts).
 */
export async function agentCredentials(
  pki: ClusterPki,
  nodeName: string,
  nodeIP: string,
): Promise<{ kubelet: CertKey; serving: CertKey; proxy: CertKey }> {
  const [kubelet, serving, proxy] = await Promise.all([
    nodeCertificate(pki, nodeName),
    issueKubeletServingCertificate(pki.ca, nodeName, [...new Set([nodeIP, "127.0.0.1"])]),
    kubeProxyCertificate(pki),
  ]);
  return { kubelet, serving, proxy };
}

async function chooseRuntime(o: AgentOptions): Promise<RuntimeChoice> {
  if (o.runtime === "process") return { name: "process", reason: "--runtime process" };
  if (process.platform === "linux" && process.getuid?.() === 0) {
    const missing = await ensureHostPackages(o.log, { install: o.installPackages });
    if (missing.length > 0 && o.runtime === "runc")
      throw new Error(`--runtime runc needs ${missing.join(" ")} (apt-get install ${missing.join(" ")})`);
  }
  const choice = defaultRuntime();
  if (o.runtime === "runc" && choice.name !== "runc") throw new Error(`--runtime runc: ${choice.reason}`);
  return choice;
}

/** Builds busybox:<major.minor> from Debian's busybox-static into the store when it is not there yet. */
async function ensureBusyboxImage(store: ImageStore, log: Logger): Promise<void> {
  const version = await busyboxVersion();
  if (version === undefined)
    return log.warn({}, "no /bin/busybox: busybox image not built (apt-get install busybox-static)");
  if (await store.status(busyboxTag(version))) return;
  const built = await buildBusyboxImage(store);
  if (built.ok)
    log.info({ image: busyboxTag(version), id: built.image.id }, "built busybox image from busybox-static");
  else log.warn({ reason: built.message }, "busybox image not built");
}

/** svc, whose methods first wait for ready. */
function afterReady<T extends object>(ready: Promise<unknown>, svc: T): T {
  return new Proxy(svc, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof v !== "function") return v;
      return async (...args: unknown[]): Promise<unknown> => {
        await ready;
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

export async function runAgent(o: AgentOptions, signal: AbortSignal): Promise<void> {
  const dir = join(o.dataDir, "agent");
  const log = o.log.child({ node: o.nodeName });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const choice = await chooseRuntime(o);
  log.info({ runtime: choice.name, reason: choice.reason }, "container runtime");
  if (choice.name === "process")
    process.stdout.write(`k8ts: pods run as host processes, not isolated: ${choice.reason}\n`);

  const store = await ImageStore.open(join(dir, "images"));
  // The busybox image builds (on a fresh data dir) while the node registers; image lookups wait for it.
  const images = afterReady(ensureBusyboxImage(store, log), new StoreImageService(store));

  // runc, the shims, mounts and the CNI plugins start from small processes of their own, not by forking this one
  const spawner = new ForkedSpawner();
  const hostSpawner = useSpawner(spawner);
  const network = new DeferredPodNetwork();
  let runtime: RuntimeService;
  if (choice.name === "runc")
    runtime = await RuncRuntime.open({ root: join(dir, "runtime", "runc"), rootfs: images, network });
  else runtime = new ProcessRuntime({ root: join(dir, "runtime", "process"), images });

  const client = new RestClient({ ...o.rest, qps: 50, burst: 100, userAgent: `k8ts/kubelet` });
  // Events have a client of their own, as upstream's kubelet (--event-qps 50, --event-burst 100), so a burst of
  // pod starts does not queue status patches behind their events.
  const eventsClient = new RestClient({ ...o.rest, qps: 50, burst: 100, userAgent: "k8ts/kubelet-events" });
  const recorder = new EventRecorder({
    events: clientFor<CoreEvent>(eventsClient, events),
    component: "kubelet",
    host: o.nodeName,
    onError: (err) => signal.aborted || log.warn({ err: String(err) }, "event not recorded"),
  });

  const onPodCIDR = async (podCIDR: string) => {
    const gateway = await ensureBridge(o.bridge, podCIDR);
    network.provide(
      await agentCniNetwork(dir, podCIDR, o.bridge, (file, args, opts) => spawner.run(file, args, opts)),
    );
    log.info({ podCIDR, bridge: o.bridge, gateway }, "pod network ready");
    o.onGateway?.(gateway);
  };

  const server = createKubeletServer({
    runtime,
    client,
    tls: o.kubeletTls,
    address: "0.0.0.0",
    port: o.kubeletPort,
    nodeName: o.nodeName,
    log: log.child({ component: "kubelet-server" }),
  });
  // The API server finds the kubelet at the port it really got (0 = any, for tests).
  const { port: kubeletPort } = await server.start(signal);
  log.info({ port: kubeletPort }, "kubelet API serving");

  const kubelet = createKubelet({
    client,
    nodeName: o.nodeName,
    nodeIP: o.nodeIP,
    runtime,
    images,
    rootDir: join(dir, "kubelet"),
    podLogsDir: join(dir, "pod-logs"),
    clusterDNS: [o.clusterDNS],
    clusterDomain: o.clusterDomain,
    kubeletPort,
    recorder,
    log, // the kubelet adds component: kubelet itself
    // host processes need no pod network: their pods do not wait for a podCIDR
    ...(choice.name === "runc" ? { onPodCIDR } : {}),
  });
  // kube-proxy: iptables as root, else the userspace proxier serving NodePorts on 127.0.0.1.
  const proxyClient = new RestClient({
    ...(o.proxyRest ?? o.rest),
    qps: 50,
    burst: 100,
    userAgent: "k8ts/kube-proxy",
  });
  const proxyLog = log.child({ component: "kube-proxy" });
  const informers = new SharedInformerFactory(proxyClient, {
    onError: (err) => proxyLog.warn({ err: String(err) }, "informer error"),
  });
  const proxier =
    choice.name === "runc" && canUseIptables()
      ? new IptablesProxier(
          { informers, log: proxyLog },
          { nodeName: o.nodeName, clusterCIDR: o.clusterCIDR, nodeIPs: [o.nodeIP] },
        )
      : new UserspaceProxier(
          { informers, log: proxyLog },
          {
            nodeName: o.nodeName,
            listenFor: (sp) => (sp.nodePort ? { host: "127.0.0.1", port: sp.nodePort } : undefined),
          },
        );

  const parts = [kubelet.run(signal), proxier.run(signal)];
  informers.start(signal);
  try {
    await Promise.all(parts);
    await informers.stopped();
  } finally {
    await runtime.close();
    useSpawner(hostSpawner);
    spawner.close();
    client.close();
    eventsClient.close();
    proxyClient.close();
  }
}
