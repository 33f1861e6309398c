import { test } from "node:test";
import assert from "node:assert/strict";
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Secret } from "../../api/core/v1/secret.js";
import type { Service } from "../../api/core/v1/service-types.js";
import { expand, mappingFuncFor, expandCommandOnlyStatic } from "./expansion.js";
import { makeEnvironmentVariables, type EnvSources } from "./index.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function sources(o: { cms?: ConfigMap[]; secrets?: Secret[]; services?: Service[] } = {}): EnvSources {
  return {
    getConfigMap: (ns, name) =>
      Promise.resolve(o.cms?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name)),
    getSecret: (ns, name) =>
      Promise.resolve(o.secrets?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name)),
    listServices: (ns) =>
      Promise.resolve(
        (o.services ?? []).filter(
          (s) =>
            s.metadata?.namespace === ns ||
            (s.metadata?.namespace === "default" && s.metadata?.name === "kubernetes"),
        ),
      ),
    nodeName: "node-a",
    hostIP: "192.0.2.10",
    allocatable: { cpu: "4", memory: "8Gi" },
  };
}

function pod(container: Container, spec: Record<string, unknown> = {}): Pod {
  return {
    metadata: {
      name: "web",
      namespace: "shop",
      uid: "u-1",
      labels: { app: "web", tier: "front" },
      annotations: { note: 'say "hi"' },
    },
    spec: { containers: [container], serviceAccountName: "robot", nodeName: "node-a", ...spec },
  };
}

const envMap = (env: { key: string; value: string }[]) =>
  Object.fromEntries(env.map((e) => [e.key, e.value]));

const kubernetesSvc: Service = {
  metadata: { namespace: "default", name: "kubernetes" },
  spec: { clusterIP: "10.43.0.1", ports: [{ name: "https", port: 443, protocol: "TCP" }] },
};

test("expand follows upstream's rules: $(VAR), $$ escapes, unknown and unclosed references stay", () => {
  const m = mappingFuncFor(
    new Map([
      ["A", "x"],
      ["B", "y"],
    ]),
  );
  assert.equal(expand("$(A)-$(B)", m), "x-y");
  assert.equal(expand("$$(A)", m), "$(A)");
  assert.equal(expand("$(C)", m), "$(C)");
  assert.equal(expand("$(A", m), "$(A");
  assert.equal(expand("a$b$", m), "a$b$");
  assert.equal(expand("$$$(A)", m), "$x");
  assert.equal(expand("$()", m), "$()");
  assert.deepEqual(
    expandCommandOnlyStatic(
      ["echo", "$(X)", "$(Y)"],
      [
        { name: "X", value: "1" },
        { name: "Y", valueFrom: {} },
      ],
    ),
    ["echo", "1", "$(Y)"],
  );
});

test("env values expand against earlier variables and service variables; later ones are not seen", async () => {
  const c: Container = {
    name: "app",
    env: [
      { name: "FIRST", value: "one" },
      { name: "SECOND", value: "$(FIRST)-two-$(THIRD)" },
      { name: "THIRD", value: "three" },
      { name: "API", value: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" },
    ],
  };
  const r = await makeEnvironmentVariables(pod(c), c, ["10.42.0.5"], sources({ services: [kubernetesSvc] }));
  assert.ok(r.ok);
  const env = envMap(r.env);
  assert.equal(env.SECOND, "one-two-$(THIRD)");
  assert.equal(env.API, "https://10.43.0.1:443");
  // Declared variables come first, in order, then the service variables.
  assert.deepEqual(
    r.env.slice(0, 4).map((e) => e.key),
    ["FIRST", "SECOND", "THIRD", "API"],
  );
});

test("configMapKeyRef and secretKeyRef: values, optional, and upstream's messages", async () => {
  const cm = { metadata: { namespace: "shop", name: "cfg" }, data: { mode: "fast" } } as ConfigMap;
  const sec = { metadata: { namespace: "shop", name: "creds" }, data: { password: b64("s3cret") } } as Secret;
  const src = sources({ cms: [cm], secrets: [sec] });
  const ok: Container = {
    name: "app",
    env: [
      { name: "MODE", valueFrom: { configMapKeyRef: { name: "cfg", key: "mode" } } },
      { name: "PASS", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
      { name: "OPT1", valueFrom: { configMapKeyRef: { name: "nope", key: "k", optional: true } } },
      { name: "OPT2", valueFrom: { secretKeyRef: { name: "creds", key: "missing", optional: true } } },
    ],
  };
  const r = await makeEnvironmentVariables(pod(ok), ok, [], src);
  assert.ok(r.ok);
  assert.deepEqual(envMap(r.env), { MODE: "fast", PASS: "s3cret" });

  const cases: [Container["env"], string][] = [
    [
      [{ name: "X", valueFrom: { configMapKeyRef: { name: "nope", key: "k" } } }],
      'configmap "nope" not found',
    ],
    [
      [{ name: "X", valueFrom: { configMapKeyRef: { name: "cfg", key: "k" } } }],
      "couldn't find key k in ConfigMap shop/cfg",
    ],
    [[{ name: "X", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }], 'secret "nope" not found'],
    [
      [{ name: "X", valueFrom: { secretKeyRef: { name: "creds", key: "k" } } }],
      "couldn't find key k in Secret shop/creds",
    ],
  ];
  for (const [env, message] of cases) {
    const c: Container = { name: "app", env };
    assert.deepEqual(await makeEnvironmentVariables(pod(c), c, [], src), { ok: false, message });
  }
});

test("envFrom: every key with the prefix, env overrides it, a missing optional source is skipped", async () => {
  const cm = {
    metadata: { namespace: "shop", name: "cfg" },
    data: { mode: "fast", level: "3" },
  } as ConfigMap;
  const sec = { metadata: { namespace: "shop", name: "creds" }, data: { user: b64("admin") } } as Secret;
  const c: Container = {
    name: "app",
    envFrom: [
      { configMapRef: { name: "cfg" }, prefix: "CFG_" },
      { secretRef: { name: "creds" } },
      { configMapRef: { name: "absent", optional: true } },
    ],
    env: [{ name: "CFG_level", value: "9" }],
  };
  const r = await makeEnvironmentVariables(pod(c), c, [], sources({ cms: [cm], secrets: [sec] }));
  assert.ok(r.ok);
  assert.deepEqual(envMap(r.env), { CFG_mode: "fast", CFG_level: "9", user: "admin" });
  const missing: Container = { name: "app", envFrom: [{ secretRef: { name: "absent" } }] };
  assert.deepEqual(await makeEnvironmentVariables(pod(missing), missing, [], sources()), {
    ok: false,
    message: 'secret "absent" not found',
  });
});

test("envFrom skips keys that are not environment variable names, with upstream's warning", async () => {
  const cm = { metadata: { namespace: "shop", name: "cfg" }, data: { "a=b": "1", ok: "2" } } as ConfigMap;
  const c: Container = { name: "app", envFrom: [{ configMapRef: { name: "cfg" } }] };
  const r = await makeEnvironmentVariables(pod(c), c, [], sources({ cms: [cm] }));
  assert.ok(r.ok);
  assert.deepEqual(envMap(r.env), { ok: "2" });
  assert.deepEqual(r.warnings, [
    {
      reason: "InvalidEnvironmentVariableNames",
      message:
        "Keys [a=b] from the EnvFrom configMap shop/cfg were skipped since they are considered invalid environment variable names.",
    },
  ]);
});

test("fieldRef: metadata, labels and annotations by key, node, service account, IPs", async () => {
  const f = (fieldPath: string) => ({ valueFrom: { fieldRef: { apiVersion: "v1", fieldPath } } });
  const c: Container = {
    name: "app",
    env: [
      { name: "NAME", ...f("metadata.name") },
      { name: "NS", ...f("metadata.namespace") },
      { name: "UID", ...f("metadata.uid") },
      { name: "APP", ...f("metadata.labels['app']") },
      { name: "NOTE", ...f("metadata.annotations['note']") },
      { name: "LABELS", ...f("metadata.labels") },
      { name: "NODE", ...f("spec.nodeName") },
      { name: "SA", ...f("spec.serviceAccountName") },
      { name: "HOST_IP", ...f("status.hostIP") },
      { name: "HOST_IPS", ...f("status.hostIPs") },
      { name: "POD_IP", ...f("status.podIP") },
      { name: "POD_IPS", ...f("status.podIPs") },
    ],
  };
  const r = await makeEnvironmentVariables(pod(c), c, ["10.42.0.5", "fd00::5"], sources());
  assert.ok(r.ok);
  assert.deepEqual(envMap(r.env), {
    NAME: "web",
    NS: "shop",
    UID: "u-1",
    APP: "web",
    NOTE: 'say "hi"',
    LABELS: 'app="web"\ntier="front"',
    NODE: "node-a",
    SA: "robot",
    HOST_IP: "192.0.2.10",
    HOST_IPS: "192.0.2.10",
    POD_IP: "10.42.0.5",
    POD_IPS: "10.42.0.5,fd00::5",
  });
  const bad: Container = { name: "app", env: [{ name: "X", ...f("spec.bogus") }] };
  assert.deepEqual(await makeEnvironmentVariables(pod(bad), bad, [], sources()), {
    ok: false,
    message: "field label not supported: spec.bogus",
  });
});

test("resourceFieldRef: limits and requests with divisors; no limit means node allocatable", async () => {
  const r = (resource: string, divisor?: string, containerName?: string) => ({
    valueFrom: { resourceFieldRef: { resource, divisor, containerName } },
  });
  const c: Container = {
    name: "app",
    resources: { requests: { cpu: "250m", memory: "64Mi" }, limits: { memory: "128Mi" } },
    env: [
      { name: "CPU_REQ", ...r("requests.cpu") },
      { name: "CPU_REQ_M", ...r("requests.cpu", "1m") },
      { name: "CPU_LIM", ...r("limits.cpu") },
      { name: "MEM_LIM", ...r("limits.memory") },
      { name: "MEM_LIM_MI", ...r("limits.memory", "1Mi") },
      { name: "MEM_REQ_GI", ...r("requests.memory", "1Gi") },
      { name: "SIDE_MEM", ...r("limits.memory", "1Mi", "side") },
    ],
  };
  const side: Container = { name: "side", resources: { limits: { memory: "32Mi" } } };
  const p = pod(c, { containers: [c, side] });
  const res = await makeEnvironmentVariables(p, c, [], sources());
  assert.ok(res.ok);
  assert.deepEqual(envMap(res.env), {
    CPU_REQ: "1",
    CPU_REQ_M: "250",
    CPU_LIM: "4",
    MEM_LIM: String(128 * 1024 * 1024),
    MEM_LIM_MI: "128",
    MEM_REQ_GI: "1",
    SIDE_MEM: "32",
  });
  const bad: Container = { name: "app", env: [{ name: "X", ...r("limits.gpu") }] };
  assert.deepEqual(await makeEnvironmentVariables(pod(bad), bad, [], sources()), {
    ok: false,
    message: "unsupported container resource : limits.gpu",
  });
});

test("service links: the namespace's services as upstream's variables; kubernetes always", async () => {
  const db: Service = {
    metadata: { namespace: "shop", name: "redis-db" },
    spec: {
      clusterIP: "10.43.0.20",
      ports: [
        { name: "main", port: 6379, protocol: "TCP" },
        { name: "metrics", port: 9121, protocol: "UDP" },
      ],
    },
  };
  const headless = {
    metadata: { namespace: "shop", name: "hl" },
    spec: { clusterIP: "None", ports: [{ port: 1 }] },
  } as Service;
  const other = {
    metadata: { namespace: "elsewhere", name: "x" },
    spec: { clusterIP: "10.43.0.30", ports: [{ port: 1 }] },
  } as Service;
  const src = sources({ services: [kubernetesSvc, db, headless, other] });
  const c: Container = { name: "app", env: [{ name: "REDIS_DB_SERVICE_HOST", value: "mine" }] };
  const r = await makeEnvironmentVariables(pod(c), c, [], src);
  assert.ok(r.ok);
  const env = envMap(r.env);
  assert.equal(env.REDIS_DB_SERVICE_HOST, "mine", "a declared variable wins over the service one");
  assert.equal(env.REDIS_DB_SERVICE_PORT, "6379");
  assert.equal(env.REDIS_DB_SERVICE_PORT_MAIN, "6379");
  assert.equal(env.REDIS_DB_SERVICE_PORT_METRICS, "9121");
  assert.equal(env.REDIS_DB_PORT, "tcp://10.43.0.20:6379");
  assert.equal(env.REDIS_DB_PORT_6379_TCP, "tcp://10.43.0.20:6379");
  assert.equal(env.REDIS_DB_PORT_6379_TCP_PROTO, "tcp");
  assert.equal(env.REDIS_DB_PORT_6379_TCP_PORT, "6379");
  assert.equal(env.REDIS_DB_PORT_6379_TCP_ADDR, "10.43.0.20");
  assert.equal(env.REDIS_DB_PORT_9121_UDP, "udp://10.43.0.20:9121");
  assert.equal(env.KUBERNETES_SERVICE_HOST, "10.43.0.1");
  assert.equal(env.KUBERNETES_SERVICE_PORT_HTTPS, "443");
  assert.equal(env.KUBERNETES_PORT_443_TCP, "tcp://10.43.0.1:443");
  assert.ok(!Object.keys(env).some((k) => k.startsWith("HL_") || k.startsWith("X_")));
  assert.equal(r.env.filter((e) => e.key === "REDIS_DB_SERVICE_HOST").length, 1);

  const noLinks = await makeEnvironmentVariables(pod(c, { enableServiceLinks: false }), c, [], src);
  assert.ok(noLinks.ok);
  const keys = noLinks.env.map((e) => e.key);
  assert.ok(keys.includes("KUBERNETES_SERVICE_HOST"));
  assert.ok(!keys.includes("REDIS_DB_SERVICE_PORT"));
});
