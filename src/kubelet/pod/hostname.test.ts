import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/v1/pod.js";
import { podHostnameAndDomain } from "./hostname.js";

const pod = (name: string, spec: Record<string, unknown> = {}) =>
  ({ metadata: { name, namespace: "shop" }, spec }) as Pod;

test("the pod name, or spec.hostname, with the subdomain's FQDN", () => {
  assert.deepEqual(podHostnameAndDomain(pod("web-0"), "cluster.local"), {
    hostname: "web-0",
    hostDomain: "",
  });
  assert.deepEqual(
    podHostnameAndDomain(pod("web-0", { hostname: "db", subdomain: "nodes" }), "cluster.local"),
    {
      hostname: "db",
      hostDomain: "nodes.shop.svc.cluster.local",
    },
  );
});

test("long names are cut at 63 characters without a trailing '-' or '.'", () => {
  const name = `${"a".repeat(62)}-bbbb`;
  const r = podHostnameAndDomain(pod(name), "cluster.local");
  assert.deepEqual(r, { hostname: "a".repeat(62), hostDomain: "" });
});

test("invalid hostname and subdomain: upstream's messages", () => {
  const r = podHostnameAndDomain(pod("p", { hostname: "Bad_Name" }), "cluster.local");
  assert.ok("error" in r);
  assert.match(
    r.error,
    /^pod Hostname "Bad_Name" is not a valid DNS label: a lowercase RFC 1123 label must consist of/,
  );
  const s = podHostnameAndDomain(pod("p", { subdomain: "x.y" }), "cluster.local");
  assert.ok("error" in s);
  assert.match(s.error, /^pod Subdomain "x\.y" is not a valid DNS label/);
});
