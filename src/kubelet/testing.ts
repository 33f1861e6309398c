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
