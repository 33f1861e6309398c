// Test support: a real `k8ts server` (test/e2e/harness) and a client context for components run in-process.
import { startServer, type RunningServer } from "../../../test/e2e/harness.js";

export { eventually } from "../../../test/e2e/harness.js";
import { loadKubeconfig } from "../../client/rest/config.js";
import { RestClient } from "../../client/rest/client.js";
import { SharedInformerFactory } from "../../client/informer/factory.js";
import { silentLogger, type Logger } from "../../client/log.js";

export interface TestCluster {
  server: RunningServer;
  client: RestClient;
  informers: SharedInformerFactory;
  log: Logger;
  signal: AbortSignal;
  stop(): Promise<void>;
}

export async function startTestCluster(extraArgs: string[] = []): Promise<TestCluster> {
  // Only the components under test run: the server's own controller manager and scheduler stay off.
  const server = await startServer({
    extraArgs: [
      "--disable-controller-manager",
      "--disable-scheduler",
      "--disable-cloud-controller",
      ...extraArgs,
    ],
  });
  const cfg = await loadKubeconfig(server.kubeconfig);
  const client = new RestClient({ ...cfg, qps: 0, burst: 1000 });
  const informers = new SharedInformerFactory(client);
  const ac = new AbortController();
  return {
    server,
    client,
    informers,
    log: silentLogger,
    signal: ac.signal,
    async stop() {
      ac.abort();
      await informers.stopped();
      client.close();
      await server.stop();
    },
  };
}
