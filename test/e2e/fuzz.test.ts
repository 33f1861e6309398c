// Throws thousands of random and mutated requests at a real k8ts server and checks: no 5xx, no crash, every
// error is a Status, and objects that no successful request touched are unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, type RunningServer } from "./harness.js";
import { clientFromKubeconfig, type Client } from "../../bench/common.js";

/** A small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seeds = {
  configmaps: {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "seed", labels: { a: "b" } },
    data: { k: "v" },
  },
  deployments: {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "seed" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "seed" } },
      template: {
        metadata: { labels: { app: "seed" } },
        spec: { containers: [{ name: "c", image: "busybox:1.35", ports: [{ containerPort: 80 }] }] },
      },
    },
  },
  services: {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "seed" },
    spec: { selector: { app: "seed" }, ports: [{ port: 80 }] },
  },
  pods: {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "seed" },
    spec: { containers: [{ name: "c", image: "busybox:1.35" }] },
  },
} as const;
const paths: Record<keyof typeof seeds, string> = {
  configmaps: "/api/v1/namespaces/fuzz/configmaps",
  deployments: "/apis/apps/v1/namespaces/fuzz/deployments",
  services: "/api/v1/namespaces/fuzz/services",
  pods: "/api/v1/namespaces/fuzz/pods",
};

let s: RunningServer;
let c: Client;
before(async () => {
  // The API server alone: the scheduler and controllers would legitimately change the "stable" objects.
  s = await startServer({ extraArgs: ["--disable-scheduler", "--disable-controller-manager"] });
  c = await clientFromKubeconfig(s.kubeconfig, 8);
  await c.req("POST", "/api/v1/namespaces", {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name: "fuzz" },
  });
});
after(async () => {
  c?.agent.destroy();
  await s?.stop();
});

function mutate(r: () => number, v: unknown, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const roll = r();
  if (roll < 0.08)
    return pick([null, 0, -1, 2 ** 53, 1.5, true, "", "x".repeat(300), "Bad_Name", [], {}, "😀", "\u0000"]);
  if (Array.isArray(v)) {
    const a = v.map((x) => mutate(r, x, depth + 1));
    if (r() < 0.1) a.push(mutate(r, a[0] ?? {}, depth + 1));
    if (r() < 0.1) a.pop();
    return a;
  }
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (r() < 0.07) continue; // drop a field
      o[r() < 0.04 ? k + "Typo" : k] = mutate(r, x, depth + 1);
    }
    if (r() < 0.05)
      o[pick(["bogus", "status", "metadata", "spec", "$patch"])] = mutate(r, { x: 1 }, depth + 1);
    return o;
  }
  if (typeof v === "string" && r() < 0.1)
    return pick([123, v + "-" + Math.floor(r() * 1000), v.toUpperCase()]);
  if (typeof v === "number" && r() < 0.1) return pick([-v, String(v), v * 1e9]);
  return v;
}

const nested = (n: number) => "[".repeat(n) + "]".repeat(n);

test("thousands of random and mutated requests: no 5xx, no crash, Status errors, untouched objects unchanged", async () => {
  const r = rng(Number(process.env.FUZZ_SEED ?? 42));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  // Stable objects that only successful requests may change.
  const stable: string[] = [];
  for (const [res, obj] of Object.entries(seeds)) {
    for (let i = 0; i < 3; i++) {
      const body = { ...obj, metadata: { ...obj.metadata, name: `stable-${i}` } };
      const resp = await c.req("POST", paths[res as keyof typeof seeds], body);
      assert.equal(resp.status, 201, resp.body);
      stable.push(`${paths[res as keyof typeof seeds]}/stable-${i}`);
    }
  }
  const before = new Map<string, string>();
  for (const p of stable)
    before.set(
      p,
      (JSON.parse((await c.req("GET", p)).body) as { metadata: { resourceVersion: string } }).metadata
        .resourceVersion,
    );
  const touched = new Set<string>();
  const counts: Record<number, number> = {};
  const n = Number(process.env.FUZZ_N ?? 3000);
  for (let i = 0; i < n; i++) {
    const res = pick(Object.keys(seeds)) as keyof typeof seeds;
    const name = r() < 0.3 ? `stable-${Math.floor(r() * 3)}` : `f${i}`;
    const coll = paths[res];
    const method = pick(["POST", "PUT", "PATCH", "GET", "DELETE", "POST", "PUT"]);
    const target =
      method === "POST" || (method === "GET" && r() < 0.3)
        ? coll
        : `${coll}/${name}${r() < 0.1 ? "/status" : r() < 0.05 ? "/scale" : ""}`;
    const obj = mutate(r, { ...seeds[res], metadata: { ...seeds[res].metadata, name } });
    let body: string | undefined;
    let ct = "application/json";
    const shape = r();
    if (method === "GET" || method === "DELETE")
      body =
        method === "DELETE" && r() < 0.5
          ? JSON.stringify(mutate(r, { propagationPolicy: "Background", preconditions: { uid: "x" } }))
          : undefined;
    else if (shape < 0.6) body = JSON.stringify(obj);
    else if (shape < 0.7)
      body = JSON.stringify(obj).slice(0, Math.floor(r() * 80)); // truncated JSON
    else if (shape < 0.75) body = nested(5000);
    else if (shape < 0.8) {
      body = "k8s\u0000" + String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(r() * 256)));
      ct = "application/vnd.kubernetes.protobuf";
    } else if (shape < 0.85) {
      body = "kind: [unclosed\n  - : :";
      ct = "application/yaml";
    } else if (shape < 0.9)
      body = JSON.stringify([
        {
          op: pick(["add", "remove", "replace", "test", "move", "bogus"]),
          path: pick(["/spec/replicas", "/metadata/name", "/nope/deeper", "", "/data/k"]),
          value: mutate(r, 1),
        },
      ]);
    else
      body = JSON.stringify(
        mutate(r, { spec: { replicas: 3 }, data: { k: null }, metadata: { labels: { x: "y" } } }),
      );
    if (method === "PATCH")
      ct = pick([
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
        "text/plain",
      ]);
    const q = pick([
      "",
      "?dryRun=All",
      "?fieldValidation=Strict",
      "?fieldManager=fuzz",
      "?labelSelector=a%20in%20(",
      "?limit=-1",
      "?resourceVersion=abc",
      "?fieldSelector=spec.bogus%3Dx",
      "?fieldManager=fuzz&force=true",
    ]);
    const resp = await rawRequest(c, method, target + q, body, ct);
    counts[resp.status] = (counts[resp.status] ?? 0) + 1;
    assert.ok(
      resp.status < 500,
      `#${i} ${method} ${target}${q} (${ct}) → ${resp.status}: ${resp.body.slice(0, 500)}\nbody: ${body?.slice(0, 300)}`,
    );
    if (resp.status >= 400) {
      const st = JSON.parse(resp.body) as { kind: string; status: string; code: number };
      assert.equal(st.kind, "Status", `#${i}: error body is a Status`);
      assert.equal(st.code, resp.status);
    } else if (method !== "GET" && !q.includes("dryRun"))
      touched.add(target.replace(/\/(status|scale)$/, ""));
  }
  assert.equal((await c.req("GET", "/readyz")).status, 200, "server still up");
  for (const p of stable) {
    if (touched.has(p)) continue;
    const now = await c.req("GET", p);
    assert.equal(now.status, 200, `${p} still exists`);
    assert.equal(
      (JSON.parse(now.body) as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
      before.get(p),
      `${p} unchanged`,
    );
  }
  assert.ok(
    (counts[400] ?? 0) + (counts[422] ?? 0) > n / 10,
    `plenty of rejected requests: ${JSON.stringify(counts)}`,
  );
  assert.ok(
    (counts[200] ?? 0) + (counts[201] ?? 0) > n / 20,
    `some accepted requests: ${JSON.stringify(counts)}`,
  );
});

async function rawRequest(c: Client, method: string, path: string, body: string | undefined, ct: string) {
  const { request } = await import("node:https");
  return new Promise<{ status: number; body: string }>((ok, fail) => {
    const data =
      body === undefined ? undefined : Buffer.from(body, ct.includes("protobuf") ? "latin1" : "utf8");
    const req = request(
      {
        host: c.base.host,
        port: c.base.port,
        method,
        path,
        agent: c.agent,
        headers: data ? { "content-type": ct, "content-length": data.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => ok({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", fail);
    req.end(data);
  });
}
