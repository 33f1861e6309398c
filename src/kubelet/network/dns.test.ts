import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pod } from "../../api/core/v1/pod.js";
import { formatResolvConf, parseResolvConf, podDNSConfig } from "./dns.js";

const dir = mkdtempSync(join(tmpdir(), "kubelet-dns-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const hostConf = join(dir, "resolv.conf");
writeFileSync(hostConf, "# host\nnameserver 192.0.2.53\nsearch corp.example. .\noptions edns0 ndots:2\n");

const pod = (spec: Record<string, unknown>) =>
  ({ metadata: { namespace: "shop", name: "p", uid: "u1" }, spec }) as Pod;
const opts = { clusterDNS: ["10.43.0.10"], clusterDomain: "cluster.local", hostResolvConf: hostConf };

test("parseResolvConf: trailing dots trimmed, '.' dropped, options by name", () => {
  assert.deepEqual(
    parseResolvConf("nameserver 1.1.1.1\nsearch a.example. .\noptions ndots:1 edns0\noptions ndots:3\n"),
    {
      servers: ["1.1.1.1"],
      searches: ["a.example"],
      options: ["ndots:3", "edns0"],
    },
  );
});

test("ClusterFirst: cluster DNS, the namespace search path plus the host's, ndots:5", () => {
  const r = podDNSConfig(pod({}), opts);
  assert.ok(r.ok);
  assert.equal(
    formatResolvConf(r.config!),
    "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.43.0.10\noptions ndots:5\n",
  );
});

test("Default and hostNetwork ClusterFirst use the host's resolv.conf; ClusterFirstWithHostNet the cluster's", () => {
  for (const spec of [{ dnsPolicy: "Default" }, { dnsPolicy: "ClusterFirst", hostNetwork: true }]) {
    const r = podDNSConfig(pod(spec), opts);
    assert.ok(r.ok);
    assert.deepEqual(r.config, {
      servers: ["192.0.2.53"],
      searches: ["corp.example"],
      options: ["edns0", "ndots:2"],
    });
  }
  const r = podDNSConfig(pod({ dnsPolicy: "ClusterFirstWithHostNet", hostNetwork: true }), opts);
  assert.ok(r.ok);
  assert.deepEqual(r.config?.servers, ["10.43.0.10"]);
});

test("no cluster DNS: ClusterFirst falls back to Default with MissingClusterDNS", () => {
  const r = podDNSConfig(pod({}), { ...opts, clusterDNS: [] });
  assert.ok(r.ok);
  assert.deepEqual(r.config?.servers, ["192.0.2.53"]);
  assert.equal(r.events?.[0].reason, "MissingClusterDNS");
  assert.match(
    r.events[0].message,
    /cannot create Pod using "ClusterFirst" policy\. Falling back to "Default" policy\.$/,
  );
});

test("None takes only dnsConfig; dnsConfig merges into ClusterFirst, options by name", () => {
  const none = podDNSConfig(
    pod({
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["a.example"],
        options: [{ name: "ndots", value: "2" }],
      },
    }),
    opts,
  );
  assert.ok(none.ok);
  assert.deepEqual(none.config, { servers: ["1.1.1.1"], searches: ["a.example"], options: ["ndots:2"] });
  const merged = podDNSConfig(
    pod({
      dnsConfig: {
        nameservers: ["10.43.0.10", "1.1.1.1"],
        searches: ["b.example", "svc.cluster.local"],
        options: [{ name: "ndots", value: "1" }, { name: "edns0" }],
      },
    }),
    opts,
  );
  assert.ok(merged.ok);
  assert.deepEqual(merged.config, {
    servers: ["10.43.0.10", "1.1.1.1"],
    searches: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "b.example"],
    options: ["ndots:1", "edns0"],
  });
});

test("limits: 3 nameservers, 32 search paths, long paths dropped, with DNSConfigForming", () => {
  const searches = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
  const r = podDNSConfig(
    pod({
      dnsPolicy: "None",
      dnsConfig: { nameservers: ["1.1.1.1", "1.0.0.1", "8.8.8.8", "9.9.9.9"], searches },
    }),
    opts,
  );
  assert.ok(r.ok);
  assert.deepEqual(r.config?.servers, ["1.1.1.1", "1.0.0.1", "8.8.8.8"]);
  assert.equal(r.config?.searches.length, 32);
  assert.deepEqual(
    r.events?.map((e) => e.message),
    [
      "Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 1.1.1.1 1.0.0.1 8.8.8.8",
      `Search Line limits were exceeded, some search paths have been omitted, the applied search line is: ${searches.slice(0, 32).join(" ")}`,
    ],
  );
  const long = podDNSConfig(
    pod({ dnsPolicy: "None", dnsConfig: { searches: ["ok.example", "x".repeat(254)] } }),
    opts,
  );
  assert.ok(long.ok);
  assert.deepEqual(long.config?.searches, ["ok.example"]);
});

test("a missing resolv.conf is an error; an empty path means the local resolver", () => {
  assert.deepEqual(podDNSConfig(pod({}), { ...opts, hostResolvConf: join(dir, "nope") }), {
    ok: false,
    message: `open ${join(dir, "nope")}: no such file or directory`,
  });
  const r = podDNSConfig(pod({ dnsPolicy: "Default" }), { ...opts, hostResolvConf: "" });
  assert.ok(r.ok);
  assert.deepEqual(r.config, { servers: ["127.0.0.1"], searches: ["."], options: [] });
});
