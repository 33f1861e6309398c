// DefaultBinder against a real `k8ts server`: the Binding it POSTs, and the API errors it turns into statuses.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "../../../../test/e2e/harness.js";
import { loadKubeconfig } from "../../../client/rest/config.js";
import { RestClient } from "../../../client/rest/client.js";
import { DefaultBinder } from "./default-binder.js";
import { newTestFramework } from "../../testing/framework.js";
import { CycleState } from "../../framework/cycle-state.js";
import { PodInfo } from "../../framework/pod-info.js";
import type { Pod } from "../../framework/types.js";
import { Framework } from "../../framework/framework.js";
import { inTreeRegistry } from "../../framework/registry.js";
import { Nominator } from "../../queue/nominator.js";
import { EventCollector } from "../../testing/framework.js";
import { silentLogger } from "../../../client/log.js";

let server: RunningServer;
let rest: RestClient;
let missing = "";

before(async () => {
  server = await startServer({ extraArgs: ["--disable-scheduler", "--disable-controller-manager"] });
  rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 100, burst: 100 });
  try {
    await rest.raw("POST", "/api/v1/namespaces/default/pods/probe/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "probe" },
      target: { kind: "Node", name: "none" },
    });
  } catch (e) {
    if ((e as { code?: number }).code === 405)
      missing = `the API server does not serve pods/binding yet: ${(e as Error).message}`;
  }
});

after(async () => {
  rest.close();
  await server.stop();
});

test("DefaultBinder: binds through pods/binding; API errors become Error statuses", async (t) => {
  if (missing) return t.skip(missing);
  const fwk = new Framework(
    {
      profileName: "default-scheduler",
      plugins: [{ name: "PrioritySort" }, { name: "DefaultBinder" }],
      registry: inTreeRegistry,
    },
    {
      client: rest,
      recorder: new EventCollector(),
      nominator: new Nominator(),
      log: silentLogger,
      now: Date.now,
      snapshot: () => newTestFramework([], [], []).snapshot,
    },
  );
  const binder = new DefaultBinder(fwk);
  const created = await rest.raw<Pod>("POST", "/api/v1/namespaces/default/pods", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: { containers: [{ name: "c", image: "pause" }] },
  });
  const cases = [
    { name: "an unbound pod is bound", pod: created, node: "n1", want: null as string | null },
    {
      name: "a bound pod is not bound again",
      pod: created,
      node: "n2",
      want: 'pod p is already assigned to node "n1"',
    },
    {
      name: "a missing pod",
      pod: { ...created, metadata: { ...created.metadata, name: "nope", uid: "x" } } as Pod,
      node: "n1",
      want: 'pods "nope" not found',
    },
  ];
  for (const c of cases) {
    const s = await binder.bind(new CycleState(), new PodInfo(c.pod), c.node);
    if (c.want === null) assert.equal(s, null, c.name);
    else assert.match(s?.message() ?? "", new RegExp(c.want.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), c.name);
  }
  const got = await rest.raw<Pod>("GET", "/api/v1/namespaces/default/pods/p");
  assert.equal(got.spec?.nodeName, "n1");
});
