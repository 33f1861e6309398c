import { test } from "node:test";
import assert from "node:assert/strict";
import { formatResolvConf, parseResolvConf, podResolvConf } from "./resolvconf.js";
import type { Pod } from "../api/core/v1/pod.js";

const host = parseResolvConf("# host\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n");
const pod = (spec: Record<string, unknown>) => ({ metadata: { namespace: "shop", name: "p" }, spec }) as Pod;

test("ClusterFirst: cluster DNS, the namespace search path, ndots:5", () => {
  const c = podResolvConf(pod({}), ["10.43.0.10"], "cluster.local", host);
  assert.equal(
    formatResolvConf(c),
    "search shop.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.43.0.10\noptions ndots:5\n",
  );
});

test("Default and hostNetwork ClusterFirst use the host's resolvers", () => {
  for (const spec of [{ dnsPolicy: "Default" }, { dnsPolicy: "ClusterFirst", hostNetwork: true }]) {
    const c = podResolvConf(pod(spec), ["10.43.0.10"], "cluster.local", host);
    assert.deepEqual(c, { nameservers: ["192.0.2.53"], searches: ["corp.example"], options: ["edns0"] });
  }
  const c = podResolvConf(
    pod({ dnsPolicy: "ClusterFirstWithHostNet", hostNetwork: true }),
    ["10.43.0.10"],
    "cluster.local",
    host,
  );
  assert.deepEqual(c.nameservers, ["10.43.0.10"]);
});

test("None takes only dnsConfig; dnsConfig merges into ClusterFirst with options by name", () => {
  const none = podResolvConf(
    pod({
      dnsPolicy: "None",
      dnsConfig: {
        nameservers: ["1.1.1.1"],
        searches: ["a.example"],
        options: [{ name: "ndots", value: "2" }],
      },
    }),
    ["10.43.0.10"],
    "cluster.local",
    host,
  );
  assert.deepEqual(none, { nameservers: ["1.1.1.1"], searches: ["a.example"], options: ["ndots:2"] });
  const merged = podResolvConf(
    pod({
      dnsConfig: { searches: ["b.example"], options: [{ name: "ndots", value: "1" }, { name: "edns0" }] },
    }),
    ["10.43.0.10"],
    "cluster.local",
    parseResolvConf(""),
  );
  assert.deepEqual(merged.searches, [
    "shop.svc.cluster.local",
    "svc.cluster.local",
    "cluster.local",
    "b.example",
  ]);
  assert.deepEqual(merged.options, ["ndots:1", "edns0"]);
});
