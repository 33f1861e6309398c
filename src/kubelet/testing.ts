// Test support for the kubelet: a real API server (a `k8ts server` with its controllers and scheduler off),
// a node client, an event recorder and a runner for createKubelet against a given runtime.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestCluster, eventually, type TestCluster } from "./simulated/testing.js";
import { clientFor } from "../client/index.js";
import { EventRecorder } from "../client/record/recorder.js";
import { events as eventResource } from "../api/core/v1/event.js";
import { pods as podResource, type Pod } from "../api/core/v1/pod.js";
import type { ImageService, RuntimeService } from "../runtime/cri.js";
import { createKubelet, type KubeletOptions } from "./index.js";

export { eventually };

export interface KubeletTest {
  cluster: TestCluster;
  base: string;
  nodeName: string;
  /** Starts a kubelet; stop() aborts it and waits for it to return. */
  start(
    runtime: RuntimeService,
    images: ImageService,
    extra?: Partial<KubeletOptions>,
  ): { stop(): Promise<void> };
  createPod(pod: Pod): Promise<Pod>;
  getPod(name: string): Promise<Pod | undefined>;
  events(name: string): Promise<{ reason: string; message: string; type: string }[]>;
  stop(): Promise<void>;
}

export async function startKubeletTest(prefix: string): Promise<KubeletTest> {
  const cluster = await startTestCluster();
  const base = await fs.mkdtemp(path.join(os.tmpdir(), `k8ts-${prefix}-`));
  const nodeName = `${prefix}-node`;
  const pods = clientFor<Pod>(cluster.client, podResource);
  const evs = clientFor<{ reason: string; message: string; type: string; involvedObject: { name?: string } }>(
    cluster.client,
    eventResource,
  );
  return {
    cluster,
    base,
    nodeName,
    start(runtime, images, extra = {}) {
      const ac = new AbortController();
      const k = createKubelet({
        client: cluster.client,
        nodeName,
        nodeIP: "127.0.0.1",
        runtime,
        images,
        rootDir: path.join(base, "kubelet"),
        podLogsDir: path.join(base, "pod-logs"),
        clusterDNS: ["10.43.0.10"],
        clusterDomain: "cluster.local",
        kubeletPort: 10250,
        recorder: new EventRecorder({
          events: clientFor(cluster.client, eventResource),
          component: "kubelet",
          host: nodeName,
        }),
        log: cluster.log,
        ...extra,
      });
      const done = k.run(ac.signal);
      return {
        async stop() {
          ac.abort();
          await done;
        },
      };
    },
    createPod: (pod) => pods.create(pod.metadata?.namespace ?? "default", pod),
    getPod: (name) => pods.get("default", name).catch(() => undefined),
    async events(name) {
      const l = await evs.list("default");
      return l.items.filter((e) => e.involvedObject.name === name);
    },
    async stop() {
      await cluster.stop();
      await fs.rm(base, { recursive: true, force: true });
    },
  };
}

/** Why a runc test cannot run here (false when it can). */
export async function whyNoRunc(): Promise<string | false> {
  if (process.platform !== "linux" || process.getuid?.() !== 0)
    return "needs root on Linux (runc, network namespaces, iptables)";
  const { execFile } = await import("node:child_process");
  for (const [bin, pkg] of [
    ["runc", "runc"],
    ["iptables-save", "iptables"],
    ["/bin/busybox", "busybox-static"],
    ["/usr/lib/cni/bridge", "containernetworking-plugins"],
  ] as const) {
    const found = await new Promise<boolean>((r) =>
      execFile("sh", ["-c", `command -v ${bin}`], (e) => r(!e)),
    );
    if (!found) return `${bin} is missing (apt-get install ${pkg})`;
  }
  return false;
}

/** busybox:1.35 in a fresh image store, a CNI bridge with a free 10.2xx.N.0/24 and a runc runtime over them. */
export async function runcNode(kt: KubeletTest, secondOctet: number) {
  const { randomBytes } = await import("node:crypto");
  const { execFile } = await import("node:child_process");
  const { CniNetwork } = await import("../network/cni.js");
  const { buildBusyboxImage } = await import("../runtime/images/busybox.js");
  const { StoreImageService } = await import("../runtime/images/image-service.js");
  const { ImageStore } = await import("../runtime/images/store.js");
  const { RuncRuntime } = await import("../runtime/runc/runc-runtime.js");
  const id = randomBytes(3).toString("hex");
  const routes = await new Promise<string>((r) =>
    execFile("ip", ["-4", "route", "show", "table", "all"], (_e, out) => r(String(out))),
  );
  let third = 0;
  while (routes.includes(`10.${secondOctet}.${third}.`)) third++;
  const store = await ImageStore.open(path.join(kt.base, "images"));
  const built = await buildBusyboxImage(store);
  if (!built.ok) throw new Error(built.message);
  const images = new StoreImageService(store);
  const network = await CniNetwork.create({
    podCIDR: `10.${secondOctet}.${third}.0/24`,
    confDir: path.join(kt.base, "net.d"),
    dataDir: path.join(kt.base, "cni"),
    bridge: `k8tsk${id}`,
    networkName: `k8ts-kubelet-${id}`,
  });
  const open = () => RuncRuntime.open({ root: path.join(kt.base, "state"), rootfs: images, network });
  return {
    images,
    network,
    subnetPrefix: `10.${secondOctet}.${third}.`,
    open,
    async cleanup(runtime: RuntimeService) {
      for (const s of await runtime.listPodSandbox()) await runtime.removePodSandbox(s.id);
      await runtime.close();
      await network.removeBridge();
    },
  };
}
