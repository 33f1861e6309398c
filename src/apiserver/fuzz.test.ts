// Thousands of random and mutated requests against a real server on a real store: the server answers
// every one (no crash, no hang), every error is a Status whose code is the HTTP status, none is a 5xx,
// and objects no successful request touched are unchanged.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, configMap, deployment, pod, type Harness } from "./testing/harness.js";

/** mulberry32: deterministic, so a failure replays from its seed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const kinds = {
  configmaps: { path: "/api/v1/namespaces/fuzz/configmaps", seed: configMap("seed", { k: "v" }, { a: "b" }) },
  deployments: { path: "/apis/apps/v1/namespaces/fuzz/deployments", seed: deployment("seed", 2) },
  pods: { path: "/api/v1/namespaces/fuzz/pods", seed: pod("seed") },
} as const;

let h: Harness;
before(async () => {
  h = await startHarness();
  await h.req("POST", "/api/v1/namespaces", {
    body: { apiVersion: "v1", kind: "Namespace", metadata: { name: "fuzz" } },
  });
});
after(async () => {
  await h.stop();
});

function mutate(r: () => number, v: unknown): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  if (r() < 0.06)
    return pick([
      null,
      0,
      -1,
      2 ** 53,
      1.5,
      true,
      "",
      "x".repeat(300),
      "Bad_Name",
      [],
      {},
      "😀",
      "\u0000",
      "__proto__",
    ]);
  if (Array.isArray(v)) return v.map((x) => mutate(r, x));
  if (v && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (r() < 0.06) continue;
      o[r() < 0.03 ? k + "X" : k] = mutate(r, x);
    }
    if (r() < 0.04)
      Object.defineProperty(o, pick(["__proto__", "bogus", "status", "constructor"]), {
        value: { x: 1 },
        enumerable: true,
      });
    return o;
  }
  if (typeof v === "string" && r() < 0.08) return pick([7, v.toUpperCase(), v + "-x"]);
  if (typeof v === "number" && r() < 0.08) return pick([-v, String(v), v + 0.5]);
  return v;
}

test("random and mutated requests: answered, Status errors, no 5xx, untouched objects unchanged", async () => {
  const r = rng(Number(process.env.FUZZ_SEED ?? 1234));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const stable: string[] = [];
  for (const k of Object.values(kinds)) {
    for (let i = 0; i < 2; i++) {
      const body = { ...k.seed, metadata: { ...k.seed.metadata, name: `stable-${i}` } };
      assert.equal((await h.req("POST", k.path, { body })).status, 201);
      stable.push(`${k.path}/stable-${i}`);
    }
  }
  const rvBefore = new Map<string, string>();
  for (const p of stable) rvBefore.set(p, (await h.req("GET", p)).json.metadata.resourceVersion);
  const touched = new Set<string>();
  const counts: Record<number, number> = {};
  const n = Number(process.env.FUZZ_N ?? 2000);
  for (let i = 0; i < n; i++) {
    const k = pick(Object.values(kinds));
    const name = r() < 0.3 ? `stable-${Math.floor(r() * 2)}` : `f${i % 50}`;
    const method = pick(["POST", "PUT", "PATCH", "GET", "DELETE", "POST", "PUT", "PATCH", "OPTIONS"]);
    const sub = r() < 0.1 ? pick(["/status", "/scale", "/log", "/x/y"]) : "";
    const target = method === "POST" || (method === "GET" && r() < 0.3) ? k.path : `${k.path}/${name}${sub}`;
    const obj = mutate(r, { ...k.seed, metadata: { ...k.seed.metadata, name } });
    let body: string | Buffer | undefined;
    let contentType = "application/json";
    const shape = r();
    if (method === "GET" || method === "OPTIONS") body = undefined;
    else if (method === "DELETE")
      body =
        r() < 0.5
          ? JSON.stringify(
              mutate(r, {
                propagationPolicy: "Background",
                gracePeriodSeconds: 0,
                preconditions: { uid: "x" },
              }),
            )
          : undefined;
    else if (shape < 0.55) body = JSON.stringify(obj);
    else if (shape < 0.65) body = JSON.stringify(obj).slice(0, Math.floor(r() * 60));
    else if (shape < 0.7) body = "[".repeat(12000) + "]".repeat(12000);
    else if (shape < 0.75) {
      body = Buffer.concat([
        Buffer.from("k8s\u0000"),
        Buffer.from(Array.from({ length: 50 }, () => Math.floor(r() * 256))),
      ]);
      contentType = "application/vnd.kubernetes.protobuf";
    } else if (shape < 0.8) {
      body = pick(["kind: [unclosed\n  - : :", "a: &x [*x, *x]\n", "--- \n...\n", "\t- x"]);
      contentType = "application/yaml";
    } else if (shape < 0.9)
      body = JSON.stringify([
        {
          op: pick(["add", "remove", "replace", "test", "move", "copy", "bogus"]),
          path: pick(["/spec/replicas", "/metadata/name", "/x/y", "", "/data/k", "/metadata/labels/a"]),
          from: "/data",
          value: mutate(r, 1),
        },
      ]);
    else
      body = JSON.stringify(
        mutate(r, {
          spec: { replicas: 3 },
          data: { k: null },
          metadata: { labels: { x: "y" }, finalizers: ["a/b"] },
        }),
      );
    if (method === "PATCH")
      contentType = pick([
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
      "?limit=-1&continue=abc",
      "?resourceVersion=abc",
      "?fieldSelector=spec.bogus%3Dx",
      "?fieldManager=fuzz&force=true",
      "?watch=true&timeoutSeconds=1",
      "?gracePeriodSeconds=x",
    ]);
    const resp = await h.req(method, target + q, { body, contentType });
    counts[resp.status] = (counts[resp.status] ?? 0) + 1;
    const where = `#${i} ${method} ${target}${q} (${contentType}) → ${resp.status}: ${resp.text.slice(0, 300)}`;
    if (resp.status >= 400) {
      assert.equal(
        resp.json?.kind ?? (resp.text === "404 page not found\n" ? "Status" : undefined),
        "Status",
        where,
      );
      if (resp.json) assert.equal(resp.json.code, resp.status, where);
    }
    assert.ok(resp.status < 500, where);
    if (resp.status < 300 && method !== "GET" && method !== "OPTIONS" && !q.includes("dryRun"))
      touched.add(target.replace(/\/(status|scale)$/, ""));
  }
  assert.equal((await h.req("GET", "/readyz")).status, 200, "still serving");
  for (const p of stable) {
    if (touched.has(p)) continue;
    const now = await h.req("GET", p);
    assert.equal(now.status, 200, `${p} still exists`);
    assert.equal(now.json.metadata.resourceVersion, rvBefore.get(p), `${p} unchanged`);
  }
  assert.ok((counts[400] ?? 0) + (counts[422] ?? 0) > n / 10, `many rejected: ${JSON.stringify(counts)}`);
  assert.ok((counts[200] ?? 0) + (counts[201] ?? 0) > n / 20, `some accepted: ${JSON.stringify(counts)}`);
});
