// Controller benchmarks against a real `k8ts server`: a 1,000-replica Deployment from create to all pods
// created by the Deployment and ReplicaSet controllers (running in this process through the client library,
// as the controller manager runs them), and to all available with pods reported Ready as soon as they
// appear (the bench plays the kubelet until simulated nodes land).
import { startServer } from "../test/e2e/harness.js";
import { loadKubeconfig } from "../src/client/rest/config.js";
import { RestClient } from "../src/client/rest/client.js";
import { SharedInformerFactory } from "../src/client/informer/factory.js";
import { EventRecorder, type CoreEvent } from "../src/client/record/recorder.js";
import { clientFor } from "../src/client/index.js";
import { silentLogger } from "../src/client/log.js";
import { events } from "../src/api/core/v1/event.js";
import { pods } from "../src/api/core/v1/pod.js";
import { deployments } from "../src/api/apps/v1/deployment.js";
import type { ControllerContext } from "../src/controllers/controller.js";
import { newDeploymentController } from "../src/controllers/deployment/controller.js";
import { newReplicaSetController } from "../src/controllers/replicaset/controller.js";
import type { Row } from "./common.js";

async function deploymentRun(replicas: number, markReady: boolean, qps: number) {
  const server = await startServer({ extraArgs: ["--disable-controller-manager", "--disable-scheduler"] });
  const cfg = await loadKubeconfig(server.kubeconfig);
  const client = new RestClient({ ...cfg, qps, burst: qps * 2 });
  const informers = new SharedInformerFactory(client);
  const ctx: ControllerContext = {
    client,
    informers,
    recorder: (component) => new EventRecorder({ events: clientFor<CoreEvent>(client, events), component }),
    log: silentLogger,
    options: {},
  };
  const abort = new AbortController();
  const running = [
    newDeploymentController(ctx).run(abort.signal),
    newReplicaSetController(ctx).run(abort.signal),
  ];
  const podInf = informers.informerFor<any>(pods);
  const dInf = informers.informerFor<any>(deployments);
  const podClient = clientFor<any>(client, pods);
  let created = 0;
  let createdAt = 0;
  let availableAt = 0;
  const t0 = { v: 0 };
  let doneCreated!: () => void;
  let doneAvailable!: () => void;
  const allCreated = new Promise<void>((r) => (doneCreated = r));
  const allAvailable = new Promise<void>((r) => (doneAvailable = r));
  podInf.addEventHandler({
    onAdd: (p) => {
      if (p.metadata.labels?.app !== "bench") return;
      if (++created === replicas) {
        createdAt = performance.now() - t0.v;
        doneCreated();
      }
      if (markReady)
        podClient
          .patch(
            "default",
            p.metadata.name,
            "merge",
            {
              status: {
                phase: "Running",
                conditions: [
                  {
                    type: "Ready",
                    status: "True",
                    lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
                  },
                ],
              },
            },
            { subresource: "status" },
          )
          .catch(() => undefined);
    },
  });
  dInf.addEventHandler({
    onUpdate: (_o, d) => {
      if (d.metadata.name === "bench" && d.status?.availableReplicas === replicas && !availableAt) {
        availableAt = performance.now() - t0.v;
        doneAvailable();
      }
    },
  });
  informers.start(abort.signal);
  await informers.waitForCacheSync();
  t0.v = performance.now();
  await clientFor<any>(client, deployments).create("default", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "bench" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "bench" } },
      template: {
        metadata: { labels: { app: "bench" } },
        spec: { containers: [{ name: "c", image: "busybox" }] },
      },
    },
  });
  await allCreated;
  if (markReady) await allAvailable;
  abort.abort();
  await Promise.all(running);
  await informers.stopped();
  client.close();
  await server.stop();
  return { createdAt, availableAt };
}

export async function benchDeployment(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const qps of [500, 2000]) {
    const { createdAt, availableAt } = await deploymentRun(1000, true, qps);
    rows.push(
      {
        name: `Deployment of 1,000: create → 1,000 pods created (client qps ${qps})`,
        value: +(createdAt / 1000).toFixed(2),
        unit: "s",
        note: `${Math.round(1000 / (createdAt / 1000))} pods/s; deployment + replicaset controllers, SQLite`,
      },
      {
        name: `Deployment of 1,000: create → 1,000 available (client qps ${qps})`,
        value: +(availableAt / 1000).toFixed(2),
        unit: "s",
        target: "< 5 s (with 100 simulated nodes)",
        note: "pods reported Ready by the bench as they appear (no scheduler or simulated nodes yet)",
      },
    );
  }
  return rows;
}
