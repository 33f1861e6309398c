// Test support for controller integration tests: a real `k8ts server` (test/e2e/harness) and a
// ControllerContext whose client, informers and recorders reach it, for controllers run in the test process.
import { startServer, type RunningServer } from "../../../test/e2e/harness.js";

export { eventually } from "../../../test/e2e/harness.js";
import { loadKubeconfig } from "../../client/rest/config.js";
import { RestClient } from "../../client/rest/client.js";
import { SharedInformerFactory } from "../../client/informer/factory.js";
import { EventRecorder } from "../../client/record/recorder.js";
import { silentLogger, type Logger } from "../../client/log.js";

function stderrLogger(bindings: object): Logger {
  const out = (level: string) => (obj: object, msg?: string) =>
    process.stderr.write(`${level} ${msg ?? ""} ${JSON.stringify({ ...bindings, ...obj })}\n`);
  return {
    debug() {},
    info() {},
    warn: out("warn"),
    error: out("error"),
    child: (b) => stderrLogger({ ...bindings, ...b }),
  };
}
import { clientFor } from "../../client/index.js";
import { events as eventResource } from "../../api/core/v1/event.js";
import type { ControllerContext, ControllerOptions } from "../controller.js";

export interface TestCluster {
  server: RunningServer;
  ctx: ControllerContext;
  signal: AbortSignal;
  /** Starts the shared informers (after every controller under test registered its handlers). */
  start(): void;
  stop(): Promise<void>;
}

export async function startTestCluster(
  options: ControllerOptions = {},
  serverArgs: string[] = [],
): Promise<TestCluster> {
  // Only the components under test run: the server's own controller manager and scheduler stay off.
  const server = await startServer({
    // the controllers under test run in this process; the server runs none of its own
    extraArgs: [
      "--disable-controller-manager",
      "--disable-scheduler",
      "--disable-cloud-controller",
      ...serverArgs,
    ],
  });
  const cfg = await loadKubeconfig(server.kubeconfig);
  const client = new RestClient({ ...cfg, qps: 0, burst: 1000 });
  const informers = new SharedInformerFactory(client);
  const ac = new AbortController();
  const ctx: ControllerContext = {
    client,
    informers,
    // K8TS_TEST_LOG=1 prints the components' warnings and errors (to debug a test)
    log: process.env.K8TS_TEST_LOG ? stderrLogger({}) : silentLogger,
    options,
    recorder: (component) => new EventRecorder({ events: clientFor(client, eventResource), component }),
  };
  return {
    server,
    ctx,
    signal: ac.signal,
    start: () => informers.start(ac.signal),
    async stop() {
      ac.abort();
      await informers.stopped();
      client.close();
      await server.stop();
    },
  };
}
