import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { WatchBasedManager } from "./watch-based.js";
import { startTestCluster, eventually, type TestCluster } from "../simulated/testing.js";
import { clientFor } from "../../client/index.js";
import { RestClient } from "../../client/rest/client.js";
import { configMaps, type ConfigMap } from "../../api/core/v1/configmap.js";
import type { Pod } from "../../api/core/v1/pod.js";
import { podReferences } from "../../api/core/v1/pod-references.js";
import { silentLogger } from "../../client/log.js";

let cluster: TestCluster;
before(async () => {
  cluster = await startTestCluster();
});
after(() => cluster.stop());

const podUsing = (uid: string, ...names: string[]): Pod => ({
  metadata: { name: `p-${uid}`, namespace: "default", uid },
  spec: {
    containers: [
      {
        name: "c",
        image: "busybox",
        env: names.map((n) => ({ name: n, valueFrom: { configMapKeyRef: { name: n, key: "k" } } })),
      },
    ],
  },
});

const manager = (client = cluster.client, syncTimeoutMs?: number) =>
  new WatchBasedManager<ConfigMap>(clientFor<ConfigMap>(client, configMaps), {
    referenced: (pod) => podReferences(pod).configmaps,
    resource: "configmap",
    isImmutable: (cm) => cm.immutable === true,
    log: silentLogger,
    syncTimeoutMs,
  });

test("reads come from one shared watch per object, which follows changes and stops with its last pod", async () => {
  const cms = clientFor<ConfigMap>(cluster.client, configMaps);
  await cms.create("default", { metadata: { name: "shared" }, data: { k: "1" } });
  const m = manager();
  try {
    m.registerPod(podUsing("a", "shared", "missing"));
    m.registerPod(podUsing("b", "shared"));
    assert.deepEqual(m.watchedObjects().sort(), ["default/missing", "default/shared"]);
    assert.equal((await m.get("default", "shared"))?.data?.k, "1");
    assert.equal(await m.get("default", "missing"), undefined);
    await cms.update("default", "shared", { metadata: { name: "shared" }, data: { k: "2" } });
    await eventually(async () => (await m.get("default", "shared"))?.data?.k === "2");
    // an object created after the watch started is seen too
    await cms.create("default", { metadata: { name: "missing" }, data: { k: "late" } });
    await eventually(async () => (await m.get("default", "missing"))?.data?.k === "late");

    // b no longer refers to it; a still does
    m.registerPod(podUsing("b"));
    m.unregisterPod("a");
    assert.deepEqual(m.watchedObjects(), []);
    await assert.rejects(m.get("default", "shared"), { message: 'object "default"/"shared" not registered' });
  } finally {
    m.stop();
  }
});

test("an object no registered pod refers to is an error, as upstream's", async () => {
  const m = manager();
  try {
    await assert.rejects(m.get("default", "nobody"), { message: 'object "default"/"nobody" not registered' });
  } finally {
    m.stop();
  }
});

test("an immutable object stays readable after its watch stops", async () => {
  const cms = clientFor<ConfigMap>(cluster.client, configMaps);
  await cms.create("default", { metadata: { name: "frozen" }, immutable: true, data: { k: "v" } });
  const m = manager();
  try {
    m.registerPod(podUsing("c", "frozen"));
    assert.equal((await m.get("default", "frozen"))?.data?.k, "v");
    assert.equal((await m.get("default", "frozen"))?.data?.k, "v");
  } finally {
    m.stop();
  }
});

test("a watch that cannot list in time fails the read with upstream's message", async () => {
  const unreachable = new RestClient({ server: "https://127.0.0.1:1", qps: 0 });
  const m = manager(unreachable, 200);
  try {
    m.registerPod(podUsing("d", "cm"));
    await assert.rejects(m.get("default", "cm"), {
      message: "failed to sync configmap cache: timed out waiting for the condition",
    });
  } finally {
    m.stop();
    unreachable.close();
  }
});
