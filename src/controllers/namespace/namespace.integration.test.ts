// Integration: deleting a namespace empties it and it goes; new namespaces get a default ServiceAccount.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startCluster, eventually, type TestCluster } from "../cluster.test-support.js";
import { NamespaceController } from "./controller.js";
import { newServiceAccountsController } from "../serviceaccount/controller.js";
import { newDeploymentController } from "../deployment/controller.js";
import { newReplicaSetController } from "../replicaset/controller.js";
import { newGarbageCollectorController } from "../garbagecollector/controller.js";
import { clientFor } from "../../client/index.js";
import { namespaces } from "../../api/core/v1/namespace.js";
import { serviceAccounts } from "../../api/core/v1/serviceaccount.js";
import { isNotFound } from "../../client/rest/errors.js";
import { ok } from "../../../test/e2e/harness.js";

let c: TestCluster;
before(async () => {
  c = await startCluster();
  c.start(
    (ctx) => new NamespaceController(ctx, { deletionGracePeriodMs: 0 }),
    newServiceAccountsController,
    newDeploymentController,
    newReplicaSetController,
    newGarbageCollectorController,
  );
  c.readyPods();
});
after(async () => c?.stop());

test("every namespace gets a default ServiceAccount, and gets it back when deleted", async () => {
  ok(await c.server.kubectl(["create", "namespace", "team"]));
  const sa = clientFor<any>(c.client, serviceAccounts);
  const first = await eventually("default ServiceAccount", () => sa.get("team", "default"));
  // Namespaces that existed before the controller started have one too.
  await eventually("default in default", () => sa.get("default", "default"));
  ok(await c.server.kubectl(["delete", "serviceaccount", "default", "-n", "team"]));
  const again = await eventually("re-created", async () => {
    const x = await sa.get("team", "default");
    return x.metadata.uid !== first.metadata.uid ? x : undefined;
  });
  assert.equal(again.metadata.name, "default");
});

test("deleting a namespace deletes everything in it, then the namespace", async () => {
  ok(await c.server.kubectl(["create", "namespace", "doomed"]));
  ok(await c.server.kubectl(["-n", "doomed", "create", "configmap", "cfg", "--from-literal=a=1"]));
  ok(await c.server.kubectl(["-n", "doomed", "create", "secret", "generic", "s", "--from-literal=a=1"]));
  ok(
    await c.server.kubectl(["-n", "doomed", "create", "deployment", "web", "--image=nginx", "--replicas=2"]),
  );
  ok(await c.server.kubectl(["-n", "doomed", "rollout", "status", "deployment/web", "--timeout=30s"]));
  const r = await c.server.kubectl(["delete", "namespace", "doomed", "--timeout=60s"], { timeoutMs: 90_000 });
  ok(r);
  assert.match(r.stdout, /namespace "doomed" deleted/);
  const nsc = clientFor<any>(c.client, namespaces);
  await eventually(
    "namespace gone",
    async () => {
      try {
        await nsc.get("", "doomed");
        return undefined;
      } catch (e) {
        return isNotFound(e) ? true : undefined;
      }
    },
    60_000,
  );
  for (const kind of ["pods", "replicasets", "deployments", "configmaps", "secrets", "serviceaccounts"]) {
    const out = ok(await c.server.kubectl(["get", kind, "-n", "doomed", "-o", "name"]));
    assert.equal(out.trim(), "", `${kind} left behind`);
  }
});
