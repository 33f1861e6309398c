import { test } from "node:test";
import assert from "node:assert/strict";
import { forbiddenMessage, requestAttributes } from "./auth.js";

test("kubelet request attributes follow upstream: verb by method, subresource by path", () => {
  assert.deepEqual(requestAttributes("GET", "/containerLogs/default/web/web"), {
    verb: "get",
    subresource: "proxy",
    path: "/containerLogs/default/web/web",
  });
  assert.equal(requestAttributes("POST", "/exec/default/web/web").verb, "create");
  assert.equal(requestAttributes("GET", "/stats/summary").subresource, "stats");
  assert.equal(requestAttributes("GET", "/stats").subresource, "stats");
  assert.equal(requestAttributes("GET", "/statsx").subresource, "proxy");
  assert.equal(requestAttributes("GET", "/metrics/cadvisor").subresource, "metrics");
  assert.equal(requestAttributes("GET", "/logs/syslog").subresource, "log");
  assert.equal(requestAttributes("GET", "/spec/").subresource, "spec");
  assert.equal(
    forbiddenMessage({ username: "bob", groups: [] }, requestAttributes("GET", "/pods")),
    "Forbidden (user=bob, verb=get, resource=nodes, subresource=proxy)",
  );
});
