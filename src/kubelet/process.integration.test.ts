// The kubelet over the process runtime (no root needed): a pod bound to the node runs as a host process,
// the Node says pods are not isolated, a crashing container backs off, deletion stops and removes the pod.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ProcessRuntime } from "../runtime/process/process-runtime.js";
import { ImageStore } from "../runtime/images/store.js";
import { StoreImageService } from "../runtime/images/image-service.js";
import { buildBusyboxImage } from "../runtime/images/busybox.js";
import { clientFor } from "../client/index.js";
import { nodes as nodeResource, type Node } from "../api/core/v1/node.js";
import { leases as leaseResource } from "../api/coordination/v1/lease.js";
import { startKubeletTest, eventually } from "./testing.js";
import { existsSync } from "node:fs";

const skip =
  process.platform !== "linux"
    ? "the process runtime test runs on Linux"
    : !existsSync("/bin/busybox")
      ? "busybox-static is missing (apt-get install busybox-static)"
      : false;

test(
  "kubelet with the process runtime: node, pod Running, CrashLoopBackOff, graceful deletion",
  { skip, timeout: 120_000 },
  async (t) => {
    const kt = await startKubeletTest("kpr");
    const store = await ImageStore.open(path.join(kt.base, "images"));
    const built = await buildBusyboxImage(store);
    assert.ok(built.ok, built.ok ? "" : built.message);
    const images = new StoreImageService(store);
    const runtime = new ProcessRuntime({ root: path.join(kt.base, "proc"), images });
    const kubelet = kt.start(runtime, images, { maxPods: 2 });
    t.after(async () => {
      await kubelet.stop();
      await runtime.close();
      await kt.stop();
    });
    const nodes = clientFor<Node>(kt.cluster.client, nodeResource);
    const node = await eventually(() => nodes.get("", kt.nodeName).catch(() => undefined), 20_000);
    const cond = (n: Node, type: string) => n.status?.conditions?.find((c) => c.type === type);
    assert.equal(cond(node, "Ready")?.status, "True");
    assert.equal(cond(node, "PodIsolation")?.status, "False");
    assert.equal(cond(node, "PodIsolation")?.reason, "ProcessRuntime");
    assert.match(node.status?.nodeInfo?.containerRuntimeVersion ?? "", /^process:\/\//);
    assert.ok(Number(node.status?.capacity?.cpu) >= 1);
    assert.match(String(node.status?.capacity?.memory), /^\d+Ki$/);
    assert.ok(node.status?.images?.some((i) => i.names?.some((n) => n.includes("busybox:1.35"))));
    await eventually(() =>
      clientFor(kt.cluster.client, leaseResource)
        .get("kube-node-lease", kt.nodeName)
        .catch(() => undefined),
    );

    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "sleeper", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        terminationGracePeriodSeconds: 5,
        containers: [
          {
            name: "main",
            image: "busybox:1.35",
            command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"],
          },
        ],
      },
    });
    const running = await eventually(async () => {
      const p = await kt.getPod("sleeper");
      return (
        p?.status?.phase === "Running" &&
        p.status.conditions?.find((c) => c.type === "Ready")?.status === "True" &&
        p
      );
    });
    const cs = running.status?.containerStatuses?.[0];
    assert.match(cs?.containerID ?? "", /^process:\/\/[0-9a-f]+$/);
    assert.ok(cs?.state?.running?.startedAt);
    assert.equal(running.status?.podIP, "127.0.0.1");
    assert.equal(running.status?.hostIP, "127.0.0.1");
    assert.equal(running.status?.qosClass, "BestEffort");
    const evs = await eventually(async () => {
      const e = (await kt.events("sleeper")).map((x) => `${x.reason}: ${x.message}`);
      return e.includes("Started: Started container main") && e;
    });
    assert.ok(
      evs.includes('Pulled: Container image "busybox:1.35" already present on machine'),
      evs.join("\n"),
    );
    assert.ok(evs.includes("Created: Created container: main"));
    assert.ok(evs.includes("Started: Started container main"));

    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "crasher", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        containers: [{ name: "c", image: "busybox:1.35", command: ["sh", "-c", "echo boom; exit 3"] }],
      },
    });
    const backoff = await eventually(async () => {
      const p = await kt.getPod("crasher");
      const s = p?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === "CrashLoopBackOff" && s;
    }, 30_000);
    assert.ok((backoff.restartCount ?? 0) >= 1);
    assert.match(
      backoff.state?.waiting?.message ?? "",
      /^back-off 10s restarting failed container=c pod=crasher_default\(/,
    );
    assert.equal(backoff.lastState?.terminated?.exitCode, 3);
    assert.equal(backoff.lastState?.terminated?.reason, "Error");

    await clientFor(kt.cluster.client, (await import("../api/core/v1/pod.js")).pods).delete(
      "default",
      "sleeper",
    );
    await eventually(async () => (await kt.getPod("sleeper")) === undefined, 20_000);
    const killing = await eventually(async () =>
      (await kt.events("sleeper")).find((e) => e.reason === "Killing"),
    );
    assert.equal(killing?.message, "Stopping container main");
    assert.equal(
      (await runtime.listContainers({ labelSelector: { "io.kubernetes.pod.name": "sleeper" } })).length,
      0,
    );

    // FallbackToLogsOnError: a failed container without a message file reports its log's tail.
    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "fails", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        restartPolicy: "Never",
        containers: [
          {
            name: "c",
            image: "busybox:1.35",
            command: ["sh", "-c", "echo first; echo oops; exit 2"],
            terminationMessagePolicy: "FallbackToLogsOnError",
            lifecycle: { postStart: { exec: { command: ["true"] } } },
          },
        ],
      },
    });
    const failed = await eventually(async () => {
      const p = await kt.getPod("fails");
      return p?.status?.phase === "Failed" && p;
    });
    const t2 = failed.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(t2?.exitCode, 2);
    assert.equal(t2?.message, "first\noops\n");

    // maxPods 2: crasher and p3 are active (fails is over), so p4 is rejected.
    for (const name of ["p3", "p4"])
      await kt.createPod({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name, namespace: "default" },
        spec: {
          nodeName: kt.nodeName,
          containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
        },
      });
    const rejected = await eventually(async () => {
      for (const name of ["p3", "p4"]) {
        const p = await kt.getPod(name);
        if (p?.status?.reason === "OutOfpods") return p;
      }
      return undefined;
    });
    assert.equal(rejected.status?.phase, "Failed");
    assert.match(
      rejected.status?.message ?? "",
      /^Pod was rejected: Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2$/,
    );

    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "elsewhere", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        nodeSelector: { "kubernetes.io/hostname": "another-node" },
        containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
      },
    });
    const affinity = await eventually(async () => {
      const p = await kt.getPod("elsewhere");
      return p?.status?.phase === "Failed" && p;
    });
    assert.equal(affinity.status?.reason, "NodeAffinity");
    assert.equal(affinity.status?.message, "Pod was rejected: Predicate NodeAffinity failed");
  },
);

test(
  "pods on the pod network wait for the node's podCIDR; the node is NotReady until then",
  { skip, timeout: 60_000 },
  async (t) => {
    const kt = await startKubeletTest("kcidr");
    const store = await ImageStore.open(path.join(kt.base, "images"));
    const built = await buildBusyboxImage(store);
    assert.ok(built.ok, built.ok ? "" : built.message);
    const images = new StoreImageService(store);
    const runtime = new ProcessRuntime({ root: path.join(kt.base, "proc"), images });
    const cidrs: string[] = [];
    const kubelet = kt.start(runtime, images, {
      onPodCIDR: (cidr) => {
        cidrs.push(cidr);
        return Promise.resolve();
      },
    });
    t.after(async () => {
      await kubelet.stop();
      await runtime.close();
      await kt.stop();
    });
    const nodes = clientFor<Node>(kt.cluster.client, nodeResource);
    const node = await eventually(() => nodes.get("", kt.nodeName).catch(() => undefined));
    const ready = node.status?.conditions?.find((c) => c.type === "Ready");
    assert.equal(ready?.status, "False");
    assert.match(ready?.message ?? "", /NetworkReady=false reason:NetworkPluginNotReady/);
    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "waits", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        containers: [{ name: "c", image: "busybox:1.35", command: ["sleep", "1000"] }],
      },
    });
    await eventually(async () => (await kt.events("waits")).some((e) => e.reason === "NetworkNotReady"));
    assert.equal((await kt.getPod("waits"))?.status?.phase, "Pending");
    await nodes.patch("", kt.nodeName, "merge", {
      spec: { podCIDR: "10.244.7.0/24", podCIDRs: ["10.244.7.0/24"] },
    });
    await eventually(async () => (await kt.getPod("waits"))?.status?.phase === "Running");
    assert.deepEqual(cidrs, ["10.244.7.0/24"]);
    await eventually(async () => {
      const n = await nodes.get("", kt.nodeName);
      return n.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    });
  },
);
