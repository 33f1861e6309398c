import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, type Harness } from "../testing/harness.js";

let h: Harness;
const svcs = "/api/v1/namespaces/default/services";
before(async () => {
  h = await startHarness({ advertise: { address: "10.1.2.3", port: 6443 } });
});
after(async () => {
  await h.stop();
});

const svc = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});

test("the kubernetes service, endpoints and endpoint slice exist at start", async () => {
  const k = (await h.req("GET", `${svcs}/kubernetes`)).json;
  assert.equal(k.spec.clusterIP, "10.43.0.1");
  assert.deepEqual(k.spec.clusterIPs, ["10.43.0.1"]);
  assert.equal(k.spec.ports[0].port, 443);
  const ep = (await h.req("GET", "/api/v1/namespaces/default/endpoints/kubernetes")).json;
  assert.deepEqual(ep.subsets[0].addresses, [{ ip: "10.1.2.3" }]);
  const slice = (await h.req("GET", "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes"))
    .json;
  assert.deepEqual(slice.endpoints[0].addresses, ["10.1.2.3"]);
});

test("cluster IPs come from the service range; families default to single-stack IPv4", async () => {
  const r = await h.req("POST", svcs, { body: svc("a") });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.spec.clusterIP, /^10\.43\.\d+\.\d+$/);
  assert.deepEqual(r.json.spec.clusterIPs, [r.json.spec.clusterIP]);
  assert.equal(r.json.spec.ipFamilyPolicy, "SingleStack");
  assert.deepEqual(r.json.spec.ipFamilies, ["IPv4"]);
  const headless = await h.req("POST", svcs, { body: svc("hl", { clusterIP: "None" }) });
  assert.equal(headless.json.spec.clusterIP, "None");
  const fixed = await h.req("POST", svcs, { body: svc("fixed", { clusterIP: "10.43.0.10" }) });
  assert.equal(fixed.status, 201, fixed.text);
  assert.equal(fixed.json.spec.clusterIP, "10.43.0.10");
  const taken = await h.req("POST", svcs, { body: svc("taken", { clusterIP: "10.43.0.10" }) });
  assert.equal(taken.status, 422);
  assert.match(
    taken.json.message,
    /spec.clusterIPs: Invalid value: .*10\.43\.0\.10.*: failed to allocate IP 10.43.0.10: provided IP is already allocated$/,
  );
  const outside = await h.req("POST", svcs, { body: svc("outside", { clusterIP: "10.0.0.5" }) });
  assert.equal(outside.status, 422);
  assert.match(
    outside.json.message,
    /failed to allocate IP 10.0.0.5: provided IP is not in the valid range. The range of valid IPs is 10.43.0.0\/16$/,
  );
  const dry = await h.req("POST", `${svcs}?dryRun=All`, { body: svc("dry", { clusterIP: "10.43.0.11" }) });
  assert.equal(dry.status, 201);
  const after = await h.req("POST", svcs, { body: svc("after-dry", { clusterIP: "10.43.0.11" }) });
  assert.equal(after.status, 201, "a dry run does not keep its IP");
});

test("node ports are allocated in 30000-32767 for NodePort services, kept across updates", async () => {
  const r = await h.req("POST", svcs, {
    body: svc("np", {
      type: "NodePort",
      ports: [
        { name: "http", port: 80 },
        { name: "https", port: 443 },
      ],
    }),
  });
  assert.equal(r.status, 201, r.text);
  const ports = r.json.spec.ports.map((p: { nodePort: number }) => p.nodePort);
  for (const p of ports) assert.ok(p >= 30000 && p <= 32767);
  assert.notEqual(ports[0], ports[1]);
  const upd = await h.req("PATCH", `${svcs}/np`, {
    body: { metadata: { labels: { x: "y" } } },
    contentType: "application/merge-patch+json",
  });
  assert.deepEqual(
    upd.json.spec.ports.map((p: { nodePort: number }) => p.nodePort),
    ports,
  );
  const clash = await h.req("POST", svcs, {
    body: svc("np2", { type: "NodePort", ports: [{ port: 80, nodePort: ports[0] }] }),
  });
  assert.equal(clash.status, 422);
  assert.match(
    clash.json.message,
    /spec.ports\[0\].nodePort: Invalid value: \d+: provided port is already allocated/,
  );
  const range = await h.req("POST", svcs, {
    body: svc("np3", { type: "NodePort", ports: [{ port: 80, nodePort: 80 }] }),
  });
  assert.equal(range.status, 422);
  assert.match(
    range.json.message,
    /provided port is not in the valid range. The range of valid ports is 30000-32767/,
  );
  const toNP = await h.req("PATCH", `${svcs}/a`, {
    body: { spec: { type: "NodePort" } },
    contentType: "application/merge-patch+json",
  });
  assert.equal(toNP.status, 200, toNP.text);
  assert.ok(toNP.json.spec.ports[0].nodePort >= 30000);
});
