// Test support for integration tests: a real `k8ts server` (test/e2e/harness), and a controller context
// built from its kubeconfig the way the controller manager builds one, with the given controllers running.
import { startServer, type RunningServer } from "../../test/e2e/harness.js";
import { loadKubeconfig } from "../client/rest/config.js";
import { RestClient } from "../client/rest/client.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { EventRecorder, type CoreEvent } from "../client/record/recorder.js";
import { clientFor } from "../client/index.js";
import { silentLogger } from "../client/log.js";
import { events } from "../api/core/v1/event.js";
import { pods, type Pod } from "../api/core/v1/pod.js";
import type { KubeObject } from "../api/meta/v1/types.js";
import type { Controller, ControllerContext } from "./controller.js";

export interface TestCluster {
  server: RunningServer;
  client: RestClient;
  ctx: ControllerContext;
  /**
   * Plays the kubelet for pods matching the filter: each new pod is reported Running and Ready. Returns a
   * function that stops it.
   */
  readyPods(filter?: (p: Pod & KubeObject) => boolean): () => void;
  /** Starts controllers (constructors run now; informers start after). */
  start(...make: ((ctx: ControllerContext) => Controller)[]): void;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<TestCluster> {
  // The server runs no controller manager: the test runs exactly the controllers under test.
  const server = await startServer({ extraArgs: ["--disable-controller-manager"] });
  const cfg = await loadKubeconfig(server.kubeconfig);
  const client = new RestClient({ ...cfg, qps: 500, burst: 1000 });
  const informers = new SharedInformerFactory(client);
  const recorders: EventRecorder[] = [];
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => {
      const r = new EventRecorder({ events: clientFor<CoreEvent>(client, events), component });
      recorders.push(r);
      return r;
    },
    log: silentLogger,
    options: {},
  };
  const abort = new AbortController();
  const running: Promise<void>[] = [];
  const podClient = clientFor<Pod & KubeObject>(client, pods);
  return {
    server,
    client,
    ctx,
    readyPods(filter = () => true) {
      let on = true;
      const markReady = (p: Pod & KubeObject) => {
        if (!on || p.metadata.deletionTimestamp || !filter(p)) return;
        if (p.status?.conditions?.some((x) => x.type === "Ready" && x.status === "True")) return;
        const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
        podClient
          .patch(
            p.metadata.namespace ?? "",
            p.metadata.name ?? "",
            "merge",
            {
              status: {
                phase: "Running",
                conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
              },
            },
            { subresource: "status" },
          )
          .catch(() => undefined);
      };
      const inf = informers.informerFor<Pod & KubeObject>(pods);
      inf.addEventHandler({ onAdd: (p) => markReady(p as Pod & KubeObject) });
      informers.start(abort.signal);
      return () => void (on = false);
    },
    start(...make) {
      for (const m of make) running.push(m(ctx).run(abort.signal));
      informers.start(abort.signal);
    },
    async stop() {
      abort.abort();
      await Promise.all(running);
      await informers.stopped();
      await Promise.all(recorders.map((r) => r.flush()));
      client.close();
      await server.stop();
    },
  };
}

/** Polls until the check returns a value (not undefined), or fails after the timeout. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
