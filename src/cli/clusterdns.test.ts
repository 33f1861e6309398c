import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { clusterDNSAddress, dnsServiceName, ensureDNSService } from "./clusterdns.js";
import { startTestCluster, type TestCluster } from "../kubelet/simulated/testing.js";
import { clientFor } from "../client/index.js";
import { services } from "../api/core/v1/service.js";
import { endpointSlices } from "../api/discovery/v1/endpointslice.js";
import { silentLogger } from "../client/log.js";

let cluster: TestCluster;
before(async () => {
  cluster = await startTestCluster();
});
after(() => cluster.stop());

test("a restarted server finds its kube-dns Service and points the EndpointSlice at its new address", async () => {
  const ip = clusterDNSAddress("10.43.0.0/16");
  assert.equal(ip, "10.43.0.10");
  await ensureDNSService(cluster.client, ip, "10.42.0.1", silentLogger);
  const svc = await clientFor<any>(cluster.client, services).get("kube-system", dnsServiceName);
  assert.equal(svc.spec.clusterIP, ip);
  const uid = svc.metadata.uid;

  // Creating the Service again would fail on its clusterIP (422, not AlreadyExists): the second start must not.
  await ensureDNSService(cluster.client, ip, "10.42.1.1", silentLogger);
  const again = await clientFor<any>(cluster.client, services).get("kube-system", dnsServiceName);
  assert.equal(again.metadata.uid, uid, "the Service is the same object");
  const slice = await clientFor<any>(cluster.client, endpointSlices).get("kube-system", "kube-dns-k8ts");
  assert.deepEqual(slice.endpoints[0].addresses, ["10.42.1.1"]);
  assert.equal(slice.metadata.labels["kubernetes.io/service-name"], dnsServiceName);
});
