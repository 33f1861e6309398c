// The iptables proxier against a real k8ts server, applying real rules inside a network namespace this test
// creates (never the host's tables): traffic from inside the namespace to the ClusterIP reaches a backend
// there; with no ready endpoint it is refused; on exit every chain is gone. Root only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { startServer, type RunningServer } from "../../test/e2e/harness.js";
import { loadKubeconfig } from "../client/rest/config.js";
import { RestClient } from "../client/rest/client.js";
import { SharedInformerFactory } from "../client/informer/factory.js";
import { clientFor } from "../client/index.js";
import { silentLogger } from "../client/log.js";
import { services } from "../api/core/v1/service.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import { IptablesProxier, canUseIptables } from "./proxier.js";

const ns = `k8ts-proxy-${process.pid}`;
const podIP = "10.42.0.5";
const skip = !canUseIptables()
  ? "needs root on Linux (iptables in a network namespace)"
  : spawnSync("ip", ["netns", "add", ns]).status !== 0
    ? "cannot create a network namespace"
    : false;

let server: RunningServer;
let clusterIP = "";
let rest: RestClient;
let backend: ChildProcess;
let proxier: IptablesProxier;
let running: Promise<void>;
const abort = new AbortController();

function sh(args: string[]): void {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr}`);
}

/** Connects from inside the namespace; resolves with what the server said or the error code. */
function connectFrom(host: string, port: number): Promise<string> {
  const code = `const s=require("net").connect(${port},"${host}");let d="";s.on("data",x=>d+=x);s.on("end",()=>{process.stdout.write(d);process.exit(0)});s.on("error",e=>{process.stdout.write(e.code);process.exit(0)});setTimeout(()=>{process.stdout.write("TIMEOUT");process.exit(0)},1000)`;
  return new Promise((resolve) => {
    const p = spawn("ip", ["netns", "exec", ns, process.execPath, "-e", code]);
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.on("close", () => resolve(out));
  });
}

async function until(what: () => Promise<string>, want: string): Promise<string> {
  let got = "";
  for (let i = 0; i < 50; i++) {
    got = await what();
    if (process.env.DEBUG_PROXY_TEST) console.error(`attempt ${i}: ${got}`);
    if (got === want) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  return got;
}

function natSave(): string {
  return spawnSync("ip", ["netns", "exec", ns, "iptables-save", "-t", "nat"], { encoding: "utf8" }).stdout;
}

before(async () => {
  if (skip) return;
  sh(["-n", ns, "link", "set", "lo", "up"]);
  // A node-like namespace: an address on a veth and a route to the service CIDR through a gateway, as a
  // node's default route gives (connect() needs a route before OUTPUT DNAT; REJECT needs a real source).
  sh(["-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1"]);
  sh(["-n", ns, "addr", "add", `${podIP}/24`, "dev", "veth0"]);
  sh(["-n", ns, "link", "set", "veth0", "up"]);
  sh(["-n", ns, "link", "set", "veth1", "up"]);
  sh(["-n", ns, "route", "add", "10.43.0.0/16", "via", "10.42.0.1", "dev", "veth0"]);
  const serve = `require("net").createServer(s=>s.end("backend")).listen(8080,"${podIP}",()=>console.log("up"))`;
  backend = spawn("ip", ["netns", "exec", ns, process.execPath, "-e", serve], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((r) => backend.stdout!.once("data", r));

  // this test writes the LoadBalancer status itself, as a cloud controller manager would
  server = await startServer({ extraArgs: ["--disable-controller-manager", "--disable-cloud-controller"] });
  rest = new RestClient({ ...(await loadKubeconfig(server.kubeconfig)), qps: 500, burst: 1000 });
  const informers = new SharedInformerFactory(rest);
  proxier = new IptablesProxier(
    { informers, log: silentLogger },
    { nodeName: "node-a", netns: ns, clusterCIDR: "10.42.0.0/16", minSyncPeriodMs: 100, cleanupOnExit: true },
  );
  informers.start(abort.signal);
  running = proxier.run(abort.signal);
});

after(async () => {
  if (skip) return;
  abort.abort();
  await running;
  backend?.kill();
  rest?.close();
  await server?.stop();
  spawnSync("ip", ["netns", "del", ns]);
});

test(
  "ClusterIP and NodePort traffic reach a ready endpoint; none ready is refused; chains go on exit",
  { skip, timeout: 90_000 },
  async () => {
    const svc = await clientFor(rest, services).create("default", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: {
        type: "NodePort",
        selector: { app: "web" },
        ports: [{ name: "http", port: 80, targetPort: 8080 }],
      },
    });
    clusterIP = svc.spec.clusterIP;
    const nodePort: number = svc.spec.ports[0].nodePort;
    const slices = clientFor(rest, endpointSlices);
    const slice = await slices.create("default", {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-1", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [podIP], conditions: { ready: true }, nodeName: "node-a" }],
      ports: [{ name: "http", protocol: "TCP", port: 8080 }],
    });

    assert.equal(await until(() => connectFrom(clusterIP, 80), "backend"), "backend");
    assert.equal(await until(() => connectFrom("127.0.0.1", nodePort), "backend"), "backend");
    const saved = natSave();
    assert.match(saved, /-A KUBE-SERVICES .*default\/web:http cluster IP.* -j KUBE-SVC-/);
    assert.match(saved, /-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES/);

    await slices.update("default", "web-1", {
      ...slice,
      endpoints: [{ addresses: [podIP], conditions: { ready: false }, nodeName: "node-a" }],
    });
    assert.equal(await until(() => connectFrom(clusterIP, 80), "ECONNREFUSED"), "ECONNREFUSED");
    assert.doesNotMatch(
      natSave(),
      /KUBE-SVC-/,
      "the service chain of a service without endpoints is deleted",
    );

    abort.abort();
    await running;
    assert.doesNotMatch(natSave(), /KUBE-/);
  },
);

test(
  "rules outlive the proxier (upstream keeps them), and a new proxier takes them over",
  { skip, timeout: 90_000 },
  async () => {
    const slices = clientFor(rest, endpointSlices);
    const cur = await slices.get("default", "web-1");
    await slices.update("default", "web-1", {
      ...cur,
      endpoints: [{ addresses: [podIP], conditions: { ready: true }, nodeName: "node-a" }],
    });
    const start = (cleanupOnExit: boolean) => {
      const stop = new AbortController();
      const informers = new SharedInformerFactory(rest);
      const p = new IptablesProxier(
        { informers, log: silentLogger },
        { nodeName: "node-a", netns: ns, clusterCIDR: "10.42.0.0/16", minSyncPeriodMs: 100, cleanupOnExit },
      );
      informers.start(stop.signal);
      const done = p.run(stop.signal);
      return async () => {
        stop.abort();
        await done;
      };
    };
    const stopFirst = start(false);
    assert.equal(await until(() => connectFrom(clusterIP, 80), "backend"), "backend");
    await stopFirst();
    assert.equal(await connectFrom(clusterIP, 80), "backend", "traffic still flows with no proxier running");
    const stopSecond = start(true);
    assert.equal(await until(() => connectFrom(clusterIP, 80), "backend"), "backend");
    assert.equal(
      (natSave().match(/^:KUBE-SVC-/gm) ?? []).length,
      1,
      "no duplicate chains after the takeover",
    );
    await stopSecond();
    assert.doesNotMatch(natSave(), /KUBE-/);
  },
);

test(
  "a LoadBalancer Service is served on its status.loadBalancer.ingress IP (KUBE-EXT), limited by source ranges (KUBE-FW)",
  { skip, timeout: 90_000 },
  async () => {
    // The load balancer IP is a node address, as the local cloud provider reports it.
    const lbIP = "10.42.0.9";
    sh(["-n", ns, "addr", "add", `${lbIP}/32`, "dev", "veth0"]);
    const svcs = clientFor(rest, services);
    await svcs.create("default", {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "lb" },
      spec: { type: "LoadBalancer", ports: [{ name: "http", port: 81, targetPort: 8080 }] },
    });
    await svcs.patch(
      "default",
      "lb",
      "merge",
      { status: { loadBalancer: { ingress: [{ ip: lbIP, ipMode: "VIP" }] } } },
      { subresource: "status" },
    );
    await clientFor(rest, endpointSlices).create("default", {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "lb-1", labels: { "kubernetes.io/service-name": "lb" } },
      addressType: "IPv4",
      endpoints: [{ addresses: [podIP], conditions: { ready: true }, nodeName: "node-a" }],
      ports: [{ name: "http", protocol: "TCP", port: 8080 }],
    });
    const stop = new AbortController();
    const informers = new SharedInformerFactory(rest);
    const p = new IptablesProxier(
      { informers, log: silentLogger },
      {
        nodeName: "node-a",
        netns: ns,
        clusterCIDR: "10.42.0.0/16",
        minSyncPeriodMs: 100,
        cleanupOnExit: true,
        nodeIPs: [podIP],
      },
    );
    informers.start(stop.signal);
    const done = p.run(stop.signal);
    try {
      assert.equal(await until(() => connectFrom(lbIP, 81), "backend"), "backend");
      assert.match(
        natSave(),
        /-A KUBE-SERVICES -d 10\.42\.0\.9\/32 .*"default\/lb:http loadbalancer IP".* -j KUBE-EXT-/,
      );
      // Only 192.0.2.0/24 may use it now: this node (10.42.0.5) is outside, so the connection is dropped.
      const cur = await svcs.get("default", "lb");
      await svcs.update("default", "lb", {
        ...cur,
        spec: { ...cur.spec, loadBalancerSourceRanges: ["192.0.2.0/24"] },
      });
      assert.equal(await until(() => connectFrom(lbIP, 81), "TIMEOUT"), "TIMEOUT");
      assert.match(natSave(), /-A KUBE-SERVICES .*loadbalancer IP.* -j KUBE-FW-/);
      // A range covering the node's address lets it through again.
      const cur2 = await svcs.get("default", "lb");
      await svcs.update("default", "lb", {
        ...cur2,
        spec: { ...cur2.spec, loadBalancerSourceRanges: ["10.42.0.0/24"] },
      });
      assert.equal(await until(() => connectFrom(lbIP, 81), "backend"), "backend");
    } finally {
      stop.abort();
      await done;
    }
    assert.doesNotMatch(natSave(), /KUBE-/);
  },
);
