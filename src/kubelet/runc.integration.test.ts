// The kubelet over real runc containers on a real CNI bridge, driven by a real API server: a pod bound to
// the node runs (init container first) and serves HTTP at its pod IP; a crashing container goes into
// CrashLoopBackOff with a growing restartCount; a second kubelet over the same runtime root adopts the
// running container (same id, same restartCount); deletion stops the pod and removes the object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import http from "node:http";
import { clientFor } from "../client/index.js";
import { pods as podResource, type Pod } from "../api/core/v1/pod.js";
import { configMaps } from "../api/core/v1/configmap.js";
import { nodes, type Node } from "../api/core/v1/node.js";
import { createServer } from "node:net";
import { startKubeletTest, eventually, runcNode, whyNoRunc } from "./testing.js";

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

test(
  "kubelet with runc: Running with a pod IP, init first, CrashLoopBackOff, adoption, deletion",
  { skip: await whyNoRunc(), timeout: 180_000 },
  async (t) => {
    const kt = await startKubeletTest("krc");
    const node = await runcNode(kt, 236);
    const images = node.images;
    const open = node.open;
    let runtime = await open();
    let kubelet = kt.start(runtime, images);
    t.after(async () => {
      await kubelet.stop();
      await node.cleanup(runtime);
      await kt.stop();
    });
    const pods = clientFor<Pod>(kt.cluster.client, podResource);
    const nodeObj = await eventually(() =>
      clientFor<Node>(kt.cluster.client, nodes)
        .get("", kt.nodeName)
        .catch(() => undefined),
    );
    assert.equal(nodeObj.status?.conditions?.find((c) => c.type === "Ready")?.status, "True");
    assert.equal(
      nodeObj.status?.conditions?.find((c) => c.type === "PodIsolation"),
      undefined,
    );
    assert.match(nodeObj.status?.nodeInfo?.containerRuntimeVersion ?? "", /^runc:\/\//);
    assert.equal(nodeObj.status?.capacity?.pods, "110");

    await clientFor(kt.cluster.client, configMaps).create("default", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "web-config", namespace: "default" },
      data: { greeting: "from a configMap" },
    });
    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        terminationGracePeriodSeconds: 10,
        initContainers: [
          {
            name: "prepare",
            image: "busybox:1.35",
            command: ["sh", "-c", "echo prepared > /work/state; sleep 0.2"],
            volumeMounts: [{ name: "work", mountPath: "/work" }],
          },
        ],
        volumes: [
          { name: "work", emptyDir: {} },
          { name: "config", configMap: { name: "web-config" } },
        ],
        containers: [
          {
            name: "web",
            image: "busybox:1.35",
            command: ["httpd", "-f", "-p", "8080", "-h", "/etc"],
            ports: [{ containerPort: 8080 }],
            volumeMounts: [
              { name: "work", mountPath: "/work" },
              { name: "config", mountPath: "/srv/config", readOnly: true },
            ],
            env: [
              { name: "GREETING", value: "hello" },
              { name: "MY_POD_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } },
            ],
            readinessProbe: { httpGet: { path: "/hostname", port: 8080 }, periodSeconds: 1 },
            // The hook's output lands in the termination-log, so the final status shows it ran.
            lifecycle: {
              preStop: { exec: { command: ["sh", "-c", "echo prestop-ran > /dev/termination-log"] } },
            },
            resources: { limits: { cpu: "500m", memory: "64Mi" }, requests: { cpu: "500m", memory: "64Mi" } },
          },
        ],
      },
    });
    const running = await eventually(async () => {
      const p = await kt.getPod("web");
      const ready = p?.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
      return p?.status?.phase === "Running" && !!p.status.podIP && ready && p;
    }, 60_000);
    assert.match(
      running.status?.podIP ?? "",
      new RegExp(`^${node.subnetPrefix.replaceAll(".", "\\.")}\\d+$`),
    );
    assert.deepEqual(running.status?.podIPs, [{ ip: running.status?.podIP }]);
    // The init container sets no resources, so the pod is not Guaranteed.
    assert.equal(running.status?.qosClass, "Burstable");
    const init = running.status?.initContainerStatuses?.[0];
    assert.equal(init?.state?.terminated?.reason, "Completed");
    assert.equal(init?.state?.terminated?.exitCode, 0);
    const web = running.status?.containerStatuses?.[0];
    assert.match(web?.containerID ?? "", /^runc:\/\/[0-9a-f]{64}$/);
    assert.equal(web?.restartCount, 0);
    assert.ok(
      Date.parse(init?.state?.terminated?.finishedAt ?? "") <=
        Date.parse(web?.state?.running?.startedAt ?? ""),
    );
    const conds = Object.fromEntries((running.status?.conditions ?? []).map((c) => [c.type, c.status]));
    assert.deepEqual(conds, {
      PodReadyToStartContainers: "True",
      Initialized: "True",
      Ready: "True",
      ContainersReady: "True",
      PodScheduled: "True",
    });
    const res = await eventually(
      () => get(`http://${running.status?.podIP}:8080/hostname`).catch(() => undefined),
      10_000,
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.trim(), "web");
    const webId = (web?.containerID ?? "").replace("runc://", "");
    const sh = async (cmd: string) => {
      const r = await runtime.execSync(webId, ["sh", "-c", cmd], 10);
      assert.ok(r.ok, r.ok ? "" : r.error.message);
      return r.value.stdout.toString();
    };
    assert.equal(await sh("echo $GREETING $MY_POD_IP"), `hello ${running.status?.podIP}\n`);
    // Service links for the services of the pod's namespace (from the kubelet's services watch).
    assert.match(
      await sh("echo $KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"),
      /^\d+\.\d+\.\d+\.\d+:\d+\n$/,
    );
    const hosts = await sh("cat /etc/hosts");
    assert.match(hosts, /^# Kubernetes-managed hosts file\./);
    assert.ok(hosts.includes(`${running.status?.podIP}\tweb\n`), hosts);
    assert.match(await sh("cat /etc/resolv.conf"), /nameserver 10\.43\.0\.10/);
    assert.equal(await sh("cat /work/state"), "prepared\n");
    assert.equal(await sh("cat /srv/config/greeting"), "from a configMap");

    // A pod whose volume refers to a missing ConfigMap waits with FailedMount; others are unaffected.
    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "nocm", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        volumes: [{ name: "c", configMap: { name: "missing" } }],
        containers: [
          {
            name: "c",
            image: "busybox:1.35",
            command: ["sleep", "1000"],
            volumeMounts: [{ name: "c", mountPath: "/c" }],
          },
        ],
      },
    });
    const failedMount = await eventually(async () =>
      (await kt.events("nocm")).find((e) => e.reason === "FailedMount"),
    );
    assert.match(failedMount.message, /missing/);
    const nocm = await kt.getPod("nocm");
    assert.equal(nocm?.status?.phase, "Pending");
    assert.equal(nocm?.status?.containerStatuses?.[0]?.state?.waiting?.reason, "ContainerCreating");

    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "crash", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        containers: [{ name: "c", image: "busybox:1.35", command: ["sh", "-c", "exit 1"] }],
      },
    });
    const crashing = await eventually(async () => {
      const s = (await kt.getPod("crash"))?.status?.containerStatuses?.[0];
      return s?.state?.waiting?.reason === "CrashLoopBackOff" && s;
    }, 60_000);
    assert.ok((crashing.restartCount ?? 0) >= 1);
    await eventually(
      async () =>
        ((await kt.getPod("crash"))?.status?.containerStatuses?.[0]?.restartCount ?? 0) >
        (crashing.restartCount ?? 0),
      30_000,
    );
    // Older dead instances are garbage-collected: the current one and the previous stay.
    const crashPod = await kt.getPod("crash");
    const instances = await runtime.listContainers({
      labelSelector: { "io.kubernetes.pod.uid": crashPod?.metadata?.uid ?? "" },
    });
    assert.ok((crashPod?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2);
    assert.equal(instances.length, 2);
    const backoffEvent = await eventually(async () =>
      (await kt.events("crash")).find((e) => e.reason === "BackOff"),
    );
    assert.match(
      backoffEvent?.message ?? "",
      /^Back-off restarting failed container c in pod crash_default\(/,
    );

    // hostNetwork: the pod has the node's IP and serves on the host's network.
    const port = await freeListenPort();
    await kt.createPod({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "hostnet", namespace: "default" },
      spec: {
        nodeName: kt.nodeName,
        hostNetwork: true,
        terminationGracePeriodSeconds: 2,
        containers: [
          {
            name: "c",
            image: "busybox:1.35",
            command: ["httpd", "-f", "-p", `127.0.0.1:${port}`, "-h", "/etc"],
          },
        ],
      },
    });
    const hostnet = await eventually(async () => {
      const p = await kt.getPod("hostnet");
      return p?.status?.phase === "Running" && p;
    }, 60_000);
    assert.equal(hostnet.status?.podIP, "127.0.0.1");
    const hostHosts = await eventually(
      () => get(`http://127.0.0.1:${port}/hosts`).catch(() => undefined),
      10_000,
    );
    assert.match(hostHosts.body, /^# Kubernetes-managed hosts file \(host network\)\./);
    await pods.delete("default", "hostnet");

    // A restart of the kubelet (and of the runtime's process-side state) adopts the running container.
    await kubelet.stop();
    await runtime.close();
    runtime = await open();
    kubelet = kt.start(runtime, images);
    await new Promise((r) => setTimeout(r, 3000));
    const after = await kt.getPod("web");
    assert.equal(after?.status?.containerStatuses?.[0]?.containerID, web?.containerID);
    assert.equal(after?.status?.containerStatuses?.[0]?.restartCount, 0);
    assert.equal(
      (await runtime.listContainers({ labelSelector: { "io.kubernetes.container.name": "web" } })).length,
      1,
    );

    // Deletion: the container stops gracefully, the object goes, the sandbox is removed.
    const watch = await pods.watch("default", { fieldSelector: "metadata.name=web" });
    const seen: Pod[] = [];
    const watching = (async () => {
      for await (const ev of watch) {
        seen.push(ev.object);
        if (ev.type === "DELETED") break;
      }
    })();
    await pods.delete("default", "web");
    await eventually(async () => (await kt.getPod("web")) === undefined, 30_000);
    await watching;
    watch.stop();
    const final = seen.filter((p) => p.status?.containerStatuses?.[0]?.state?.terminated).pop();
    const terminated = final?.status?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(terminated?.message, "prestop-ran\n");
    assert.ok(["Failed", "Succeeded"].includes(final?.status?.phase ?? ""), final?.status?.phase);
    await eventually(
      async () =>
        (await runtime.listPodSandbox({ labelSelector: { "io.kubernetes.pod.name": "web" } })).length === 0,
    );
    await eventually(async () => (await kt.events("web")).some((e) => e.reason === "Killing"));
    await fs.access(kt.base);
  },
);

/** A port nothing listens on now, below the ephemeral range (32768 and up): a random port in that range can be the
 * local end of a connection made by a test running alongside, and httpd then fails to bind. */
async function freeListenPort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer()
        .once("error", () => resolve(false))
        .listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
