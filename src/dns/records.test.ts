import { test } from "node:test";
import assert from "node:assert/strict";
import { ClusterRecords, ipFromReverse } from "./records.js";
import type { ClusterView, RService, RSlice } from "./view.js";

function svc(ns: string, name: string, spec: Record<string, unknown>): RService {
  return { metadata: { namespace: ns, name }, spec };
}
function slice(ns: string, svcName: string, endpoints: unknown[], ports: unknown[]): RSlice {
  return {
    metadata: { namespace: ns, name: `${svcName}-abc`, labels: { "kubernetes.io/service-name": svcName } },
    addressType: "IPv4",
    endpoints,
    ports,
  } as RSlice;
}

function viewOf(services: RService[], slices: RSlice[]): ClusterView {
  return {
    service: (ns, n) => services.find((s) => s.metadata.namespace === ns && s.metadata.name === n),
    slicesFor: (ns, n) =>
      slices.filter(
        (s) => s.metadata.namespace === ns && s.metadata.labels?.["kubernetes.io/service-name"] === n,
      ),
    servicesByClusterIP: (ip) => services.filter((s) => s.spec?.clusterIP === ip),
    slicesByAddress: (ip) => slices.filter((s) => (s.endpoints ?? []).some((e) => e.addresses?.includes(ip))),
    namespaceKnown: (ns) => services.some((s) => s.metadata.namespace === ns),
  };
}

const services = [
  svc("default", "web", {
    clusterIP: "10.43.0.20",
    clusterIPs: ["10.43.0.20"],
    ports: [
      { name: "http", protocol: "TCP", port: 80 },
      { name: "dns", protocol: "UDP", port: 53 },
    ],
  }),
  svc("default", "db", { clusterIP: "None", ports: [{ name: "pg", protocol: "TCP", port: 5432 }] }),
  svc("default", "ext", { type: "ExternalName", externalName: "example.test." }),
  svc("default", "empty", { clusterIP: "None", ports: [{ name: "pg", protocol: "TCP", port: 5432 }] }),
];
const slices = [
  slice(
    "default",
    "web",
    [{ addresses: ["10.42.0.20"], conditions: { ready: true } }],
    [{ name: "http", protocol: "TCP", port: 8080 }],
  ),
  slice(
    "default",
    "db",
    [
      { addresses: ["10.42.0.5"], hostname: "db-0", conditions: { ready: true } },
      { addresses: ["10.42.0.6"], conditions: { ready: true } },
      { addresses: ["10.42.0.7"], conditions: { ready: false } },
    ],
    [{ name: "pg", protocol: "TCP", port: 5432 }],
  ),
];
const r = new ClusterRecords(viewOf(services, slices), { domain: "cluster.local", serial: 1 });

const cases: {
  name: string;
  type: string;
  rcode: string;
  answers: [string, unknown][];
  additionals?: [string, unknown][];
}[] = [
  { name: "web.default.svc.cluster.local", type: "A", rcode: "NOERROR", answers: [["A", "10.43.0.20"]] },
  { name: "WEB.Default.svc.cluster.local.", type: "A", rcode: "NOERROR", answers: [["A", "10.43.0.20"]] },
  { name: "web.default.svc.cluster.local", type: "AAAA", rcode: "NOERROR", answers: [] },
  { name: "nope.default.svc.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
  { name: "web.other.svc.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
  // The search path tries <name>.<ns>.svc.cluster.local first: it must be NXDOMAIN, not an error.
  {
    name: "web.default.svc.cluster.local.default.svc.cluster.local",
    type: "A",
    rcode: "NXDOMAIN",
    answers: [],
  },
  { name: "default.svc.cluster.local", type: "A", rcode: "NOERROR", answers: [] },
  { name: "svc.cluster.local", type: "A", rcode: "NOERROR", answers: [] },
  {
    name: "db.default.svc.cluster.local",
    type: "A",
    rcode: "NOERROR",
    answers: [
      ["A", "10.42.0.5"],
      ["A", "10.42.0.6"],
    ],
  },
  { name: "db-0.db.default.svc.cluster.local", type: "A", rcode: "NOERROR", answers: [["A", "10.42.0.5"]] },
  {
    name: "10-42-0-6.db.default.svc.cluster.local",
    type: "A",
    rcode: "NOERROR",
    answers: [["A", "10.42.0.6"]],
  },
  { name: "10-42-0-7.db.default.svc.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
  // CoreDNS: a headless Service with no published endpoint has no records at all.
  { name: "empty.default.svc.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
  // Endpoint names work for ClusterIP Services too; the _port._proto form answers A with the cluster IP.
  {
    name: "10-42-0-20.web.default.svc.cluster.local",
    type: "A",
    rcode: "NOERROR",
    answers: [["A", "10.42.0.20"]],
  },
  {
    name: "_http._tcp.web.default.svc.cluster.local",
    type: "A",
    rcode: "NOERROR",
    answers: [["A", "10.43.0.20"]],
  },
  {
    name: "_http._tcp.web.default.svc.cluster.local",
    type: "SRV",
    rcode: "NOERROR",
    answers: [["SRV", { priority: 0, weight: 100, port: 80, target: "web.default.svc.cluster.local" }]],
    additionals: [["A", "10.43.0.20"]],
  },
  {
    name: "_dns._udp.web.default.svc.cluster.local",
    type: "SRV",
    rcode: "NOERROR",
    answers: [["SRV", { priority: 0, weight: 100, port: 53, target: "web.default.svc.cluster.local" }]],
    additionals: [["A", "10.43.0.20"]],
  },
  { name: "_http._udp.web.default.svc.cluster.local", type: "SRV", rcode: "NXDOMAIN", answers: [] },
  {
    name: "_pg._tcp.db.default.svc.cluster.local",
    type: "SRV",
    rcode: "NOERROR",
    answers: [
      ["SRV", { priority: 0, weight: 50, port: 5432, target: "db-0.db.default.svc.cluster.local" }],
      ["SRV", { priority: 0, weight: 50, port: 5432, target: "10-42-0-6.db.default.svc.cluster.local" }],
    ],
    additionals: [
      ["A", "10.42.0.5"],
      ["A", "10.42.0.6"],
    ],
  },
  { name: "_pg._tcp.empty.default.svc.cluster.local", type: "SRV", rcode: "NXDOMAIN", answers: [] },
  {
    name: "ext.default.svc.cluster.local",
    type: "A",
    rcode: "NOERROR",
    answers: [["CNAME", "example.test"]],
  },
  { name: "1-2-3-4.default.pod.cluster.local", type: "A", rcode: "NOERROR", answers: [["A", "1.2.3.4"]] },
  { name: "1-2-3-400.default.pod.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
  {
    name: "20.0.43.10.in-addr.arpa",
    type: "PTR",
    rcode: "NOERROR",
    answers: [["PTR", "web.default.svc.cluster.local"]],
  },
  {
    name: "5.0.42.10.in-addr.arpa",
    type: "PTR",
    rcode: "NOERROR",
    answers: [["PTR", "db-0.db.default.svc.cluster.local"]],
  },
  { name: "cluster.local", type: "NS", rcode: "NOERROR", answers: [["NS", "ns.dns.cluster.local"]] },
  { name: "x.y.z.cluster.local", type: "A", rcode: "NXDOMAIN", answers: [] },
];

for (const c of cases) {
  test(`${c.type} ${c.name} -> ${c.rcode}`, () => {
    const got = r.lookup(c.name, c.type);
    assert.ok(got, "the cluster answers its own names");
    assert.equal(got.rcode, c.rcode);
    assert.deepEqual(
      got.answers.map((a) => [a.type, (a as { data: unknown }).data]),
      c.answers,
    );
    for (const a of got.answers) assert.equal((a as { ttl?: number }).ttl, 5);
    if (c.additionals) {
      assert.deepEqual(
        got.additionals.map((a) => [a.type, (a as { data: unknown }).data]),
        c.additionals,
      );
    }
    // Negative answers carry the zone's SOA (negative caching for TTL seconds).
    if (got.answers.length === 0) assert.equal(got.authorities[0]?.type, "SOA");
  });
}

test("names outside the zone, and unknown reverse addresses, are not the cluster's", () => {
  assert.equal(r.lookup("example.test", "A"), undefined);
  assert.equal(r.lookup("cluster.local.example.test", "A"), undefined);
  assert.equal(r.lookup("9.9.9.10.in-addr.arpa", "PTR"), undefined);
});

test("pod records can be verified against pods or disabled", () => {
  const view = {
    ...viewOf(services, slices),
    podsByIP: (ip: string) => (ip === "10.42.0.9" ? [{ metadata: { namespace: "default", name: "p" } }] : []),
  } as ClusterView;
  const verified = new ClusterRecords(view, { domain: "cluster.local", pods: "verified" });
  assert.equal(verified.lookup("10-42-0-9.default.pod.cluster.local", "A")?.rcode, "NOERROR");
  assert.equal(verified.lookup("10-42-0-9.other.pod.cluster.local", "A")?.rcode, "NXDOMAIN");
  assert.equal(verified.lookup("10-42-0-8.default.pod.cluster.local", "A")?.rcode, "NXDOMAIN");
  const disabled = new ClusterRecords(view, { domain: "cluster.local", pods: "disabled" });
  assert.equal(disabled.lookup("10-42-0-9.default.pod.cluster.local", "A")?.rcode, "NXDOMAIN");
});

test("reverse names parse to addresses", () => {
  assert.equal(ipFromReverse("4.3.2.1.in-addr.arpa"), "1.2.3.4");
  assert.equal(ipFromReverse("4.3.2.in-addr.arpa"), undefined);
  assert.equal(
    ipFromReverse("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"),
    "2001:db8::1",
  );
});
