// Authentication + authorization per request at 5,000 RBAC bindings (the security issue's target: under
// 1 ms p99). In process, as the API server runs them: a ServiceAccount JWT verified and checked against its
// ServiceAccount (and bound Pod), then the union authorizer (system:masters, Node, RBAC) over 4,000
// RoleBindings in 100 namespaces and 1,000 ClusterRoleBindings. Measured: an allowed request via a
// RoleBinding, one via a ClusterRoleBinding, and a denied one.
import { generateKeyPairSync } from "node:crypto";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../src/api/rbac/v1/types.js";
import type { KubeObject } from "../src/api/meta/v1/types.js";
import type { AuthorizationAttributes } from "../src/apiserver/authz/authorizer.js";
import { RBACAuthorizer, privilegedGroups, unionAuthorizer } from "../src/apiserver/rbac/authorizer.js";
import { bootstrapClusterRoles } from "../src/apiserver/rbac/bootstrappolicy.js";
import { ServiceAccountTokens, serviceAccountUser } from "../src/apiserver/authn/serviceaccount.js";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:https";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { clientFromKubeconfig, load, percentile, type Client, type Row } from "./common.js";

const namespaces = 100;
const roleBindingsPerNamespace = 40;
const clusterRoleBindings = 1000;

function world() {
  const roles = new Map<string, Role>();
  const rbs = new Map<string, RoleBinding[]>();
  const crbs: ClusterRoleBinding[] = [];
  const clusterRoles = new Map<string, ClusterRole>(bootstrapClusterRoles.map((r) => [r.metadata!.name!, r]));
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    const list: RoleBinding[] = [];
    for (let i = 0; i < roleBindingsPerNamespace; i++) {
      const name = `role-${i}`;
      roles.set(`${ns}/${name}`, {
        metadata: { name, namespace: ns },
        rules: [
          { verbs: ["get", "list", "watch"], apiGroups: [""], resources: [i % 2 ? "pods" : "configmaps"] },
        ],
      });
      list.push({
        metadata: { name: `rb-${i}`, namespace: ns },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
        subjects: [{ kind: "ServiceAccount", name: `sa-${i}`, namespace: ns }],
      });
    }
    rbs.set(ns, list);
  }
  for (let i = 0; i < clusterRoleBindings; i++)
    crbs.push({
      metadata: { name: `crb-${i}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: `user-${i}` }],
    });
  // view aggregates nothing here: give it its rules directly
  clusterRoles.set("view", {
    metadata: { name: "view" },
    rules: [{ verbs: ["get", "list", "watch"], apiGroups: ["*"], resources: ["*"] }],
  });
  return {
    role: (ns: string, name: string) => roles.get(`${ns}/${name}`),
    clusterRole: (name: string) => clusterRoles.get(name),
    clusterRoles: () => clusterRoles.values(),
    roleBindings: (ns: string) => rbs.get(ns) ?? [],
    clusterRoleBindings: () => crbs,
    revision: () => 1,
    bindingsVersion: () => "1",
  };
}

export async function benchAuth(iterations = 20_000): Promise<Row[]> {
  const authorizer = unionAuthorizer(privilegedGroups("system:masters"), new RBACAuthorizer(world()));
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const tokens = new ServiceAccountTokens({ signingKey: privateKey });
  const objects = new Map<string, KubeObject>();
  const sa = (ns: string, name: string) => {
    const o = { metadata: { name, namespace: ns, uid: `${ns}-${name}` } } as KubeObject;
    objects.set(`serviceaccounts/${ns}/${name}`, o);
    return { namespace: ns, name, uid: o.metadata.uid! };
  };
  const get = (r: string, ns: string, name: string) => objects.get(`${r}/${ns}/${name}`);
  const tokenOf = (ns: string, name: string) => tokens.issue(sa(ns, name), [tokens.issuer], 3600, {}).token;

  const attrs = (
    user: { username: string; groups: string[] },
    verb: string,
    resource: string,
    namespace: string,
  ): AuthorizationAttributes => ({
    user,
    verb,
    resourceRequest: true,
    path: `/api/v1/namespaces/${namespace}/${resource}`,
    namespace,
    apiGroup: "",
    apiVersion: "v1",
    resource,
    subresource: "",
    name: "",
  });

  const cases: { name: string; token: string; verb: string; resource: string; ns: string; want: string }[] = [
    {
      name: "allowed by a RoleBinding (ServiceAccount token)",
      token: tokenOf("ns-99", "sa-39"),
      verb: "list",
      resource: "pods",
      ns: "ns-99",
      want: "Allow",
    },
    {
      name: "denied, no binding applies (ServiceAccount token)",
      token: tokenOf("ns-50", "sa-3"),
      verb: "delete",
      resource: "secrets",
      ns: "ns-50",
      want: "NoOpinion",
    },
  ];
  const rows: Row[] = [];
  const warmup = Math.min(2000, iterations);
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < iterations + warmup; i++) {
      const t0 = performance.now();
      const user = serviceAccountUser(tokens, get, c.token);
      if (!user) throw new Error("token refused");
      const d = await authorizer.authorize(attrs(user, c.verb, c.resource, c.ns));
      const t1 = performance.now();
      if (d.decision !== c.want) throw new Error(`${c.name}: ${d.decision}`);
      if (i >= warmup) times.push((t1 - t0) * 1000);
    }
    times.sort((a, b) => a - b);
    rows.push(
      {
        name: `authn+authz p50, ${c.name}, 5,000 bindings`,
        value: Math.round(percentile(times, 50)),
        unit: "µs",
      },
      {
        name: `authn+authz p99, ${c.name}, 5,000 bindings`,
        value: Math.round(percentile(times, 99)),
        unit: "µs",
        target: "< 1000 µs",
      },
    );
  }
  // a client certificate user is authenticated once per connection: authz alone
  const times: number[] = [];
  const user = { username: "user-999", groups: ["system:authenticated"] };
  for (let i = 0; i < iterations + warmup; i++) {
    const t0 = performance.now();
    const d = await authorizer.authorize(attrs(user, "get", "pods", "ns-1"));
    const t1 = performance.now();
    if (d.decision !== "Allow") throw new Error(`ClusterRoleBinding: ${d.decision}`);
    if (i >= warmup) times.push((t1 - t0) * 1000);
  }
  times.sort((a, b) => a - b);
  rows.push({
    name: "authz p99, allowed by the last of 1,000 ClusterRoleBindings (client certificate)",
    value: Math.round(percentile(times, 99)),
    unit: "µs",
    target: "< 1000 µs",
  });
  return rows;
}

// ---- end to end: the same GET as system:masters (no RBAC walk) and as an RBAC-bound ServiceAccount --------

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

async function startK8ts(): Promise<{ dataDir: string; kubeconfig: string; stop(): Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "k8ts-bench-auth-"));
  const p = spawn(
    process.execPath,
    [
      join(repo, "bin/k8ts.js"),
      "server",
      "--data-dir",
      dataDir,
      "--https-listen-port",
      "0",
      "--bind-address",
      "127.0.0.1",
      "--disable-agent",
      "--log-level",
      "warn",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((ok, fail) => {
    let out = "";
    p.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("is ready")) ok();
    });
    p.on("exit", (c) => fail(new Error(`server exited ${c}`)));
  });
  return {
    dataDir,
    kubeconfig: join(dataDir, "kubeconfig.yaml"),
    async stop() {
      const exited = new Promise((r) => p.once("exit", r));
      p.kill("SIGTERM");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET latencies (µs, sorted) of `n` sequential requests with the given extra headers. */
async function getLatencies(
  c: Client,
  path: string,
  headers: Record<string, string>,
  n: number,
): Promise<number[]> {
  const agent = headers.authorization
    ? new Agent({ keepAlive: true, maxSockets: 1, ca: c.base.ca })
    : c.agent;
  const one = () =>
    new Promise<number>((ok, fail) => {
      const t0 = performance.now();
      const r = request(
        { host: c.base.host, port: c.base.port, path, agent, method: "GET", headers },
        (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200
              ? ok((performance.now() - t0) * 1000)
              : fail(new Error(`GET ${path}: ${res.statusCode}`)),
          );
        },
      );
      r.on("error", fail);
      r.end();
    });
  const out: number[] = [];
  for (let i = 0; i < n + 200; i++) {
    const t = await one();
    if (i >= 200) out.push(t);
  }
  if (agent !== c.agent) agent.destroy();
  return out.sort((a, b) => a - b);
}

export async function benchAuthEndToEnd(requests = 3000): Promise<Row[]> {
  const s = await startK8ts();
  try {
    const c = await clientFromKubeconfig(s.kubeconfig);
    const must = async (method: string, path: string, body: unknown) => {
      const r = await c.req(method, path, body);
      if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.body.slice(0, 200)}`);
      return JSON.parse(r.body);
    };
    // 4,000 RoleBindings in 100 namespaces and 1,000 ClusterRoleBindings, as in the in-process measure
    await load(namespaces, 16, (n) =>
      must("POST", "/api/v1/namespaces", { metadata: { name: `ns-${n}` } }).then(() => undefined),
    );
    await must("POST", "/apis/rbac.authorization.k8s.io/v1/clusterroles", {
      metadata: { name: "pod-reader" },
      rules: [{ verbs: ["get", "list", "watch"], apiGroups: [""], resources: ["pods"] }],
    });
    await load(namespaces * roleBindingsPerNamespace, 32, (i) =>
      must("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/ns-${i % namespaces}/rolebindings`, {
        metadata: { name: `rb-${i}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "pod-reader" },
        subjects: [{ kind: "ServiceAccount", name: `sa-${i}`, namespace: `ns-${i % namespaces}` }],
      }).then(() => undefined),
    );
    await load(clusterRoleBindings, 32, (i) =>
      must("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
        metadata: { name: `crb-${i}` },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: `user-${i}` }],
      }).then(() => undefined),
    );
    // the bound ServiceAccount is the last RoleBinding of ns-99
    const last = namespaces * roleBindingsPerNamespace - 1;
    const ns = `ns-${last % namespaces}`;
    await must("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: `sa-${last}` } });
    const tr = await must("POST", `/api/v1/namespaces/${ns}/serviceaccounts/sa-${last}/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {},
    });
    const path = `/api/v1/namespaces/${ns}/pods`;
    const admin = await getLatencies(c, path, {}, requests);
    const bound = await getLatencies(c, path, { authorization: `Bearer ${tr.status.token}` }, requests);
    c.agent.destroy();
    return [
      {
        name: "GET pods p50, system:masters client certificate (no RBAC walk)",
        value: Math.round(percentile(admin, 50)),
        unit: "µs",
      },
      {
        name: "GET pods p99, system:masters client certificate (no RBAC walk)",
        value: Math.round(percentile(admin, 99)),
        unit: "µs",
      },
      {
        name: "GET pods p50, ServiceAccount token + RBAC, 5,000 bindings",
        value: Math.round(percentile(bound, 50)),
        unit: "µs",
      },
      {
        name: "GET pods p99, ServiceAccount token + RBAC, 5,000 bindings",
        value: Math.round(percentile(bound, 99)),
        unit: "µs",
        note: "the difference to system:masters is authn+authz end to end",
      },
    ];
  } finally {
    await s.stop();
  }
}
