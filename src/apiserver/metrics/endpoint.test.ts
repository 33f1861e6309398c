// GET /metrics on a real test server: what each kind of request records, who may read it, and what other
// methods get.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, type Harness } from "../testing/harness.js";
import { requestDurationBuckets } from "./metrics.js";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The samples of `name` whose labels include `want`. */
const find = (samples: Sample[], name: string, want: Record<string, string>) =>
  samples.filter((s) => s.name === name && Object.entries(want).every(([k, v]) => s.labels[k] === v));

const value = (samples: Sample[], name: string, want: Record<string, string>) =>
  find(samples, name, want).reduce((sum, s) => sum + s.value, 0);

let h: Harness;
before(async () => {
  h = await startHarness({ authorizationMode: "RBAC" });
});
after(async () => {
  await h.stop();
});

const scrape = async (token?: string | null) => {
  const r = await h.req("GET", "/metrics", token === undefined ? undefined : { token });
  assert.equal(r.status, 200, r.text);
  return parse(r.text);
};

const cms = "/api/v1/namespaces/default/configmaps";
const core = { group: "", version: "v1", resource: "configmaps", component: "apiserver", dry_run: "" };

test("requests of each kind are counted with upstream's labels and codes", async () => {
  assert.equal((await h.req("POST", cms, { body: configMap("m1") })).status, 201);
  assert.equal((await h.req("GET", `${cms}/m1`)).status, 200);
  assert.equal((await h.req("GET", cms)).status, 200);
  assert.equal((await h.req("GET", "/api/v1/configmaps")).status, 200);
  assert.equal((await h.req("GET", `${cms}/missing`)).status, 404);
  assert.equal((await h.req("POST", cms, { body: configMap("Not_A_Name") })).status, 422);
  assert.equal((await h.req("POST", `${cms}?dryRun=All`, { body: configMap("dry") })).status, 201);
  const apply = await h.req("PATCH", `${cms}/m2?fieldManager=test`, {
    body: JSON.stringify(configMap("m2")),
    contentType: "application/apply-patch+yaml",
  });
  assert.equal(apply.status, 201, apply.text);
  assert.equal((await h.req("DELETE", `${cms}/m2`)).status, 200);
  assert.equal((await h.req("GET", "/api/v1/namespaces/default/pods/nopod/log")).status, 404);
  assert.equal((await h.req("GET", "/healthz")).status, 200);

  const s = await scrape();
  const total = (labels: Record<string, string>) => value(s, "apiserver_request_total", labels);
  assert.equal(total({ ...core, verb: "POST", scope: "resource", subresource: "", code: "201" }), 1);
  assert.equal(total({ ...core, verb: "GET", scope: "resource", code: "200" }), 1);
  assert.equal(total({ ...core, verb: "LIST", scope: "namespace", code: "200" }), 1);
  assert.equal(total({ ...core, verb: "LIST", scope: "cluster", code: "200" }), 1);
  assert.equal(total({ ...core, verb: "GET", scope: "resource", code: "404" }), 1);
  assert.equal(total({ ...core, verb: "POST", scope: "resource", code: "422" }), 1);
  assert.equal(total({ ...core, dry_run: "All", verb: "POST", scope: "resource", code: "201" }), 1);
  assert.equal(total({ ...core, verb: "APPLY", scope: "resource", code: "201" }), 1);
  assert.equal(total({ ...core, verb: "DELETE", scope: "resource", code: "200" }), 1);
  assert.equal(
    total({ ...core, resource: "pods", subresource: "log", verb: "CONNECT", scope: "resource", code: "404" }),
    1,
  );
  // non-resource handlers upstream instruments: the path is the subresource, component and scope are empty
  assert.equal(
    total({
      verb: "GET",
      group: "",
      resource: "",
      subresource: "/healthz",
      scope: "",
      component: "",
      code: "200",
    }),
    1,
  );
  // the scrape itself is not counted
  assert.equal(find(s, "apiserver_request_total", { subresource: "/metrics" }).length, 0);

  // every label upstream has, in every sample
  for (const x of find(s, "apiserver_request_total", {}))
    assert.deepEqual(Object.keys(x.labels).sort(), [
      "code",
      "component",
      "dry_run",
      "group",
      "resource",
      "scope",
      "subresource",
      "verb",
      "version",
    ]);

  // the duration histogram: upstream's buckets, one observation per request
  const buckets = find(s, "apiserver_request_duration_seconds_bucket", {
    ...core,
    verb: "POST",
    scope: "resource",
  });
  assert.deepEqual(
    buckets.map((b) => b.labels.le),
    [...requestDurationBuckets.map(String), "+Inf"],
  );
  assert.equal(buckets.at(-1)!.value, 2); // the 201 and the 422
  assert.equal(
    value(s, "apiserver_request_duration_seconds_count", { ...core, verb: "LIST", scope: "namespace" }),
    1,
  );
  assert.equal(find(s, "apiserver_request_duration_seconds_count", { code: "200" }).length, 0);

  // response sizes: reads only
  const sizes = find(s, "apiserver_response_sizes_bucket", { verb: "GET", resource: "configmaps" });
  assert.deepEqual(
    sizes.map((b) => b.labels.le),
    ["1000", "10000", "100000", "1000000", "10000000", "100000000", "1000000000", "+Inf"],
  );
  assert.equal(sizes[0].labels.dry_run, undefined);
  assert.ok(value(s, "apiserver_response_sizes_sum", { verb: "LIST", scope: "namespace" }) > 0);
  assert.equal(find(s, "apiserver_response_sizes_count", { verb: "POST" }).length, 0);
});

test("a watch is long-running while open, and counted with its duration when it ends", async () => {
  const watchLabels = { ...core, verb: "WATCH", scope: "namespace" };
  const w = await h.watch(`${cms}?watch=true`);
  assert.equal(w.status, 200);
  let s = await scrape();
  const open = find(s, "apiserver_longrunning_requests", { verb: "WATCH" });
  assert.equal(open.length, 1);
  assert.deepEqual(open[0].labels, {
    verb: "WATCH",
    group: "",
    version: "v1",
    resource: "configmaps",
    subresource: "",
    scope: "namespace",
    component: "apiserver",
  });
  assert.equal(open[0].value, 1);
  assert.equal(value(s, "apiserver_request_total", watchLabels), 0, "counted when it ends");
  w.close();
  for (let i = 0; i < 50; i++) {
    s = await scrape();
    if (value(s, "apiserver_request_total", watchLabels) > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(value(s, "apiserver_longrunning_requests", { verb: "WATCH" }), 0);
  assert.equal(value(s, "apiserver_request_total", { ...watchLabels, code: "200" }), 1);
  assert.equal(value(s, "apiserver_request_duration_seconds_count", watchLabels), 1);
  // a ?watch=true request is on the LIST route, whose response sizes upstream records
  assert.equal(value(s, "apiserver_response_sizes_count", { verb: "WATCH", scope: "namespace" }), 1);
});

test("in-flight requests: the busiest moment of the last second, by kind", async () => {
  let s = await scrape();
  const kinds = find(s, "apiserver_current_inflight_requests", {}).map((x) => x.labels.request_kind);
  assert.deepEqual(kinds.sort(), ["mutating", "readOnly"]);
  // each scrape is a read-only request in flight; within a little over a second one shows in the gauge
  const readOnly = () => value(s, "apiserver_current_inflight_requests", { request_kind: "readOnly" });
  for (let i = 0; i < 60 && readOnly() < 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
    s = await scrape();
  }
  assert.ok(readOnly() >= 1);
  const mutating = () => value(s, "apiserver_current_inflight_requests", { request_kind: "mutating" });
  for (let i = 0; i < 60 && mutating() < 1; i++) {
    await h.req("POST", cms, { body: configMap(`busy-${i}`) });
    await new Promise((r) => setTimeout(r, 50));
    s = await scrape();
  }
  assert.ok(mutating() >= 1);
});

test("apiserver_storage_objects counts the stored objects per resource", async () => {
  const count = async () => value(await scrape(), "apiserver_storage_objects", { resource: "configmaps" });
  const before = await count();
  assert.equal((await h.req("POST", cms, { body: configMap("counted") })).status, 201);
  let after = await count();
  for (let i = 0; i < 50 && after !== before + 1; i++) {
    await new Promise((r) => setTimeout(r, 20));
    after = await count();
  }
  assert.equal(after, before + 1);
  const s = await scrape();
  assert.ok(value(s, "apiserver_storage_objects", { resource: "namespaces" }) >= 4);
  assert.ok(
    value(s, "apiserver_storage_objects", { resource: "clusterroles.rbac.authorization.k8s.io" }) > 0,
  );
});

test("the exposition: text format 0.0.4, upstream's help texts, and the process metrics", async () => {
  const r = await h.req("GET", "/metrics");
  assert.equal(r.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  assert.match(r.text, /^# TYPE apiserver_request_total counter$/m);
  assert.match(r.text, /^# HELP apiserver_request_total \[STABLE\] Counter of apiserver requests/m);
  assert.match(r.text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
  assert.match(r.text, /^# TYPE apiserver_current_inflight_requests gauge$/m);
  assert.match(r.text, /^# TYPE apiserver_longrunning_requests gauge$/m);
  assert.match(r.text, /^# TYPE apiserver_storage_objects gauge$/m);
  for (const name of [
    "process_cpu_seconds_total",
    "process_resident_memory_bytes",
    "process_start_time_seconds",
    "process_open_fds",
  ])
    assert.ok(find(parse(r.text), name, {}).length === 1, name);
});

test("/metrics is a non-resource URL: 401 without credentials, 403 without RBAC, 200 for readers", async () => {
  const anon = await h.req("GET", "/metrics", { token: null });
  assert.equal(anon.status, 401);
  assert.equal(anon.json.reason, "Unauthorized");
  const bob = await h.req("GET", "/metrics", { token: "user-bob" });
  assert.equal(bob.status, 403);
  assert.equal(bob.json.kind, "Status");
  assert.equal(bob.json.message, 'forbidden: User "bob" cannot get path "/metrics"');
  await scrape(); // system:masters
  await scrape("user-mona@system:monitoring"); // the bootstrap system:monitoring binding
});

test("other methods: served as promhttp serves them, DELETE resets, RBAC decides by verb", async () => {
  // promhttp answers every method with the exposition; only who may use the verb differs
  const post = await h.req("POST", "/metrics", { body: "" });
  assert.equal(post.status, 200);
  assert.match(post.text, /^# TYPE apiserver_request_total counter$/m);
  const monitor = await h.req("POST", "/metrics", { token: "user-mona@system:monitoring", body: "" });
  assert.equal(monitor.status, 403);
  assert.equal(monitor.json.message, 'forbidden: User "mona" cannot post path "/metrics"');

  assert.equal((await h.req("GET", `${cms}/m1`)).status, 200);
  const reset = await h.req("DELETE", "/metrics");
  assert.equal(reset.status, 200);
  assert.equal(reset.text, "metrics reset\n");
  const s = await scrape();
  assert.equal(find(s, "apiserver_request_total", {}).length, 0);
  assert.ok(find(s, "apiserver_storage_objects", {}).length > 0, "gauges are kept");
});

test("servers in one process keep their own registries", async () => {
  const other = await startHarness();
  try {
    assert.equal((await other.req("GET", "/api/v1/namespaces/default/configmaps/x")).status, 404);
    const r = await other.req("GET", "/metrics");
    assert.equal(r.status, 200);
    const s = parse(r.text);
    assert.equal(find(s, "apiserver_request_total", {}).length, 1);
    assert.equal(find(s, "process_start_time_seconds", {}).length, 1);
  } finally {
    await other.stop();
  }
});
