// `kubectl logs`, `exec`, `attach`, `port-forward` and `cp` end to end with the real kubectl (1.27 on
// SPDY, 1.29 SPDY with v5, 1.32/1.33 on WebSocket and tunnelled port-forward): a real API server over
// HTTPS with RBAC + the Node authorizer, proxying to a real kubelet API server (client certificates of
// the cluster CA, SubjectAccessReviews as the node) whose containers run in the process runtime (no
// root needed). The Node and Pods are created in the API by the test, as the kubelet would.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer as createHttpsServer, request as httpsRequest, type Server } from "node:https";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { allResources } from "../../src/api/index.js";
import { createApiServer, type ApiServer } from "../../src/apiserver/server.js";
import { createAuthenticator } from "../../src/apiserver/authn/index.js";
import {
  ensurePki,
  issueCertificate,
  issueKubeletServingCertificate,
  type CertKey,
} from "../../src/apiserver/pki/pki.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { RestClient } from "../../src/client/rest/client.js";
import { silentLogger } from "../../src/client/log.js";
import { createKubeletServer } from "../../src/kubelet/server/server.js";
import { ok as rok, fail as rfail, type RootfsProvider, type RuntimeService } from "../../src/runtime/cri.js";
import { ProcessRuntime } from "../../src/runtime/process/process-runtime.js";
import { buildBusyboxImage } from "../../src/runtime/images/busybox.js";
import { StoreImageService } from "../../src/runtime/images/image-service.js";
import { ImageStore } from "../../src/runtime/images/store.js";
import { RuncRuntime } from "../../src/runtime/runc/runc-runtime.js";
import { runKubectl, type KubectlResult } from "../e2e/harness.js";

const IMAGE = "busybox:test";
const images: RootfsProvider = {
  resolve: (image) =>
    Promise.resolve(
      image.image === IMAGE
        ? rok({ imageRef: "local/busybox", lowerDirs: [], config: {} })
        : rfail("NotFound", "no image"),
    ),
};
const NODE = "node-1";
const hasBusybox = existsSync("/bin/busybox");

interface Env {
  base: string;
  kubeconfig: string;
  cacheDir: string;
  api: ApiServer;
  apiServer: Server;
  apiPort: number;
  kubeletPort: number;
  pki: Awaited<ReturnType<typeof ensurePki>>;
  kubeletServing: CertKey;
  rt: RuntimeService;
  abort: AbortController;
  store: SqliteStore;
  httpPort: number;
  docroot: string;
  image: string;
}

function apiRequest(
  env: Env,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
): Promise<{ status: number; text: string; json: any }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const r = httpsRequest(
      {
        host: "127.0.0.1",
        port: env.apiPort,
        method,
        path,
        ca: env.pki.ca.cert,
        cert: env.pki.admin.cert,
        key: env.pki.admin.key,
        headers: data ? { "content-type": contentType, "content-length": data.length } : {},
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    r.on("error", reject);
    r.end(data);
  });
}

/** A request to the kubelet API with some client certificate (or none). */
function kubeletRequest(env: Env, path: string, cred?: CertKey): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = httpsRequest(
      {
        host: "127.0.0.1",
        port: env.kubeletPort,
        path,
        ca: env.pki.ca.cert,
        cert: cred?.cert,
        key: cred?.key,
      },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => (text += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    r.on("error", reject);
    r.end();
  });
}

let seq = 0;

/** Runs a pod's containers in the runtime with the kubelet's labels, and creates the Pod (bound, Running). */
async function runPod(
  env: Env,
  name: string,
  containers: { name: string; cmd: string[]; stdin?: boolean; tty?: boolean; attempts?: string[][] }[],
): Promise<{ sandboxId: string; ids: Record<string, string> }> {
  const uid = `uid-${name}-${++seq}`;
  const ns = "default";
  const podLabels = {
    "io.kubernetes.pod.name": name,
    "io.kubernetes.pod.namespace": ns,
    "io.kubernetes.pod.uid": uid,
  };
  const sandboxConfig = {
    metadata: { name, uid, namespace: ns, attempt: 0 },
    logDirectory: join(env.base, "pod-logs", `${ns}_${name}_${uid}`),
    labels: podLabels,
  };
  const sb = await env.rt.runPodSandbox(sandboxConfig);
  assert.ok(sb.ok);
  const ids: Record<string, string> = {};
  for (const c of containers) {
    const runs = [...(c.attempts ?? []), c.cmd];
    for (let attempt = 0; attempt < runs.length; attempt++) {
      const id = await env.rt.createContainer(
        sb.value,
        {
          metadata: { name: c.name, attempt },
          image: { image: env.image },
          command: runs[attempt],
          logPath: `${c.name}/${attempt}.log`,
          stdin: c.stdin,
          tty: c.tty,
          labels: { ...podLabels, "io.kubernetes.container.name": c.name },
          annotations: { "io.kubernetes.container.restartCount": String(attempt) },
        },
        sandboxConfig,
      );
      assert.ok(id.ok, id.ok ? "" : id.error.message);
      assert.ok((await env.rt.startContainer(id.value)).ok);
      if (attempt < runs.length - 1) {
        for (let i = 0; i < 200; i++) {
          const st = await env.rt.containerStatus(id.value);
          if (st.ok && st.value.state === "CONTAINER_EXITED") break;
          await sleep(20);
        }
      }
      ids[c.name] = id.value;
    }
  }
  const created = await apiRequest(env, "POST", "/api/v1/namespaces/default/pods", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      nodeName: NODE,
      containers: containers.map((c) => ({
        name: c.name,
        image: env.image,
        ...(c.stdin ? { stdin: true } : {}),
        ...(c.tty ? { tty: true } : {}),
      })),
    },
  });
  assert.equal(created.status, 201, created.text);
  const st = await apiRequest(
    env,
    "PATCH",
    `/api/v1/namespaces/default/pods/${name}/status`,
    { status: { phase: "Running" } },
    "application/merge-patch+json",
  );
  assert.equal(st.status, 200, st.text);
  return { sandboxId: sb.value, ids };
}

async function startEnv(
  base: string,
  runtime: (base: string) => Promise<{ rt: RuntimeService; image: string }>,
): Promise<Env> {
  const pki = await ensurePki(base);
  const store = new SqliteStore({ path: join(base, "state.db"), synchronous: "normal" });
  const api = createApiServer({
    store,
    resources: allResources,
    authenticate: createAuthenticator({ tokens: new Map() }),
    authorizationMode: "RBAC",
    kubeletClient: { cert: pki.kubeletClient.cert, key: pki.kubeletClient.key, ca: pki.ca.cert },
  });
  const abort = new AbortController();
  void api.start(abort.signal);
  await api.whenReady();
  const apiServer = createHttpsServer(
    {
      cert: pki.serving.cert,
      key: pki.serving.key,
      ca: pki.ca.cert,
      requestCert: true,
      rejectUnauthorized: false,
    },
    api.handler,
  );
  apiServer.on("upgrade", api.upgrade);
  await new Promise<void>((r) => apiServer.listen(0, "127.0.0.1", r));
  const apiPort = (apiServer.address() as { port: number }).port;

  // The kubelet: its node identity for SubjectAccessReviews, its serving certificate for 127.0.0.1.
  const nodeCert = await issueCertificate(pki.ca, {
    commonName: `system:node:${NODE}`,
    organizations: ["system:nodes"],
    usage: "client",
  });
  const kubeletServing = await issueKubeletServingCertificate(pki.ca, NODE, ["127.0.0.1"]);
  const { rt, image } = await runtime(base);
  const client = new RestClient({
    server: `https://127.0.0.1:${apiPort}`,
    ca: pki.ca.cert,
    cert: nodeCert.cert,
    key: nodeCert.key,
    qps: 100,
    burst: 100,
  });
  const kubelet = createKubeletServer({
    runtime: rt,
    client,
    tls: { cert: kubeletServing.cert, key: kubeletServing.key, clientCA: pki.ca.cert },
    address: "127.0.0.1",
    port: 0,
    log: silentLogger,
    nodeName: NODE,
  });
  const { port: kubeletPort } = await kubelet.start(abort.signal);

  const kubeconfig = join(base, "kubeconfig.yaml");
  const b64 = (s: string) => Buffer.from(s).toString("base64");
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: k
  cluster: {server: "https://127.0.0.1:${apiPort}", certificate-authority-data: ${b64(pki.ca.cert)}}
users:
- name: admin
  user: {client-certificate-data: ${b64(pki.admin.cert)}, client-key-data: ${b64(pki.admin.key)}}
contexts:
- name: k
  context: {cluster: k, user: admin, namespace: default}
current-context: k
`,
  );
  const docroot = join(base, "www");
  mkdirSync(docroot);
  writeFileSync(join(docroot, "hello.txt"), "hello from the pod\n");
  const env: Env = {
    base,
    kubeconfig,
    cacheDir: join(base, "home", ".kube", "cache"),
    api,
    apiServer,
    apiPort,
    kubeletPort,
    pki,
    kubeletServing,
    rt,
    abort,
    store,
    httpPort: 20_000 + Math.floor(Math.random() * 20_000),
    docroot,
    image,
  };
  const node = await apiRequest(env, "POST", "/api/v1/nodes", {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: NODE },
  });
  assert.equal(node.status, 201, node.text);
  const ns = await apiRequest(
    env,
    "PATCH",
    `/api/v1/nodes/${NODE}/status`,
    {
      status: {
        addresses: [
          { type: "InternalIP", address: "127.0.0.1" },
          { type: "Hostname", address: NODE },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } },
      },
    },
    "application/merge-patch+json",
  );
  assert.equal(ns.status, 200, ns.text);
  return env;
}

const kubectl = (env: Env, version: string, args: string[], input?: string): Promise<KubectlResult> =>
  runKubectl(env.kubeconfig, env.cacheDir, args, { version, input, timeoutMs: 60_000 });

const okOut = (r: KubectlResult, what: string): string => {
  assert.equal(r.code, 0, `${what} exited ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  return r.stdout;
};

describe(
  "kubelet streaming end to end with the real kubectl",
  { skip: hasBusybox ? false : "needs /bin/busybox (busybox-static)" },
  () => {
    let env: Env;
    before(async () => {
      const base = mkdtempSync(join(tmpdir(), "k8ts-kubelet-streaming-"));
      env = await startEnv(base, (b) =>
        Promise.resolve({ rt: new ProcessRuntime({ root: join(b, "scratch"), images }), image: IMAGE }),
      );
      await runPod(env, "web", [
        {
          name: "web",
          attempts: [["sh", "-c", "echo first run; exit 1"]],
          cmd: [
            "sh",
            "-c",
            `echo one; echo two; echo three >&2; exec busybox httpd -f -p 127.0.0.1:${env.httpPort} -h ${env.docroot}`,
          ],
        },
      ]);
    });
    after(async () => {
      for (const s of await env.rt.listPodSandbox()) await env.rt.removePodSandbox(s.id);
      await env.rt.close();
      env.apiServer.closeAllConnections();
      await new Promise((r) => env.apiServer.close(r));
      env.abort.abort();
      await env.store.close();
      rmSync(env.base, { recursive: true, force: true });
    });

    for (const version of ["1.27", "1.29", "1.32", "1.33"]) {
      test(`kubectl ${version}: logs (tail, timestamps, previous, follow)`, async () => {
        assert.equal(okOut(await kubectl(env, version, ["logs", "web"]), "logs"), "one\ntwo\nthree\n");
        assert.equal(
          okOut(await kubectl(env, version, ["logs", "web", "--tail=1"]), "logs --tail"),
          "three\n",
        );
        const ts = okOut(
          await kubectl(env, version, ["logs", "web", "--timestamps", "--tail=2"]),
          "logs --timestamps",
        );
        assert.match(ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z two\n\d{4}-\d\d-\d\dT[\d:.]+Z three\n$/);
        assert.equal(
          okOut(await kubectl(env, version, ["logs", "web", "--previous"]), "logs --previous"),
          "first run\n",
        );
        assert.equal(
          okOut(await kubectl(env, version, ["logs", "web", "--limit-bytes=6"]), "logs --limit-bytes"),
          "one\ntw",
        );
        assert.equal(
          okOut(await kubectl(env, version, ["logs", "web", "--since=1h"]), "logs --since"),
          "one\ntwo\nthree\n",
        );
        const name = `tick-${version.replace(".", "")}`;
        await runPod(env, name, [
          { name: "tick", cmd: ["sh", "-c", "for i in 1 2 3 4 5; do echo tick $i; sleep 0.3; done"] },
        ]);
        // follow: kubectl starts while the container still writes, and ends when it exits
        assert.equal(
          okOut(await kubectl(env, version, ["logs", "-f", name]), "logs -f"),
          "tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n",
        );
        const exited = await kubectl(env, version, ["exec", name, "--", "true"]);
        assert.equal(exited.code, 1);
        assert.match(exited.stderr, /container not found \("tick"\)/);
        const missing = await kubectl(env, version, ["logs", "web", "-c", "nope"]);
        assert.equal(missing.code, 1);
        assert.match(missing.stderr, /container nope is not valid for pod web/);
      });

      test(`kubectl ${version}: exec exit codes, stdin, stderr`, async () => {
        const r = await kubectl(env, version, [
          "exec",
          "web",
          "--",
          "sh",
          "-c",
          "echo out; echo err >&2; exit 3",
        ]);
        assert.equal(r.code, 3, r.stderr);
        assert.equal(r.stdout, "out\n");
        assert.match(r.stderr, /err\n/);
        assert.match(r.stderr, /command terminated with exit code 3/);
        assert.equal(
          okOut(await kubectl(env, version, ["exec", "web", "--", "echo", "hello", "world"]), "exec"),
          "hello world\n",
        );
        assert.equal(
          okOut(await kubectl(env, version, ["exec", "-i", "web", "--", "cat"], "abc\ndef\n"), "exec -i"),
          "abc\ndef\n",
        );
        const big = "x".repeat(200_000) + "\n";
        assert.equal(
          okOut(
            await kubectl(env, version, ["exec", "-i", "web", "--", "wc", "-c"], big),
            "exec -i big",
          ).trim(),
          String(big.length),
        );
      });

      test(`kubectl ${version}: exec -it gets a terminal`, async () => {
        // kubectl wants a terminal on its own stdin for -t: util-linux's script gives it one.
        const bin = await kubectlBinary(version);
        const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
          const p = spawn("script", ["-qec", `${bin} exec -it web -- sh -c 'tty; echo done'`, "/dev/null"], {
            env: {
              ...process.env,
              KUBECONFIG: env.kubeconfig,
              KUBECACHEDIR: env.cacheDir,
              HOME: join(env.cacheDir, ".."),
            },
            stdio: ["pipe", "pipe", "pipe"],
          });
          let out = "";
          p.stdout.on("data", (d: Buffer) => (out += d.toString()));
          p.stderr.on("data", (d: Buffer) => (out += d.toString()));
          p.on("close", (code) => resolve({ code, out }));
        });
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /\/dev\/pts\/\d+\r?\n/);
        assert.match(r.out, /done/);
      });

      test(`kubectl ${version}: attach -it to a container with a terminal`, async () => {
        const name = `tty-${version.replace(".", "")}`;
        await runPod(env, name, [
          { name: "sh", stdin: true, tty: true, cmd: ["sh", "-c", "read l; echo got-$l; tty"] },
        ]);
        const bin = await kubectlBinary(version);
        const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
          const p = spawn("script", ["-qec", `${bin} attach -it ${name}`, "/dev/null"], {
            env: {
              ...process.env,
              KUBECONFIG: env.kubeconfig,
              KUBECACHEDIR: env.cacheDir,
              HOME: join(env.cacheDir, ".."),
            },
            stdio: ["pipe", "pipe", "pipe"],
          });
          let out = "";
          p.stdout.on("data", (d: Buffer) => (out += d.toString()));
          p.stderr.on("data", (d: Buffer) => (out += d.toString()));
          p.on("close", (code) => resolve({ code, out }));
          setTimeout(() => p.stdin.write("typed\r"), 1500);
          setTimeout(() => p.kill("SIGKILL"), 30_000);
        });
        assert.match(r.out, /got-typed/);
        assert.match(r.out, /\/dev\/pts\/\d+/);
      });

      test(`kubectl ${version}: attach`, async () => {
        const name = `att-${version.replace(".", "")}`;
        await runPod(env, name, [{ name: "att", stdin: true, cmd: ["sh", "-c", "read l; echo got:$l"] }]);
        const r = await kubectl(env, version, ["attach", "-i", name], "hello\n");
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /got:hello/);
      });

      test(`kubectl ${version}: port-forward carries HTTP requests`, async () => {
        const pf = spawn(await kubectlBinary(version), ["port-forward", "pod/web", `:${env.httpPort}`], {
          env: {
            ...process.env,
            KUBECONFIG: env.kubeconfig,
            KUBECACHEDIR: env.cacheDir,
            HOME: join(env.cacheDir, ".."),
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        pf.stderr.on("data", (d: Buffer) => (err += d.toString()));
        try {
          const local = await new Promise<number>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`no forwarding line: ${out} ${err}`)), 30_000);
            pf.stdout.on("data", (d: Buffer) => {
              out += d.toString();
              const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
              if (m) {
                clearTimeout(t);
                resolve(Number(m[1]));
              }
            });
            pf.once("exit", (code) => reject(new Error(`port-forward exited ${code}: ${err}`)));
          });
          for (let i = 0; i < 3; i++) {
            const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
              httpGet(`http://127.0.0.1:${local}/hello.txt`, (r) => {
                let body = "";
                r.on("data", (d: Buffer) => (body += d.toString()));
                r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
              }).on(
                "error",
                (e) =>
                  void sleep(1000).then(() => reject(new Error(`${e.message}; kubectl said: ${out} ${err}`))),
              );
            });
            assert.equal(res.status, 200, err);
            assert.equal(res.body, "hello from the pod\n");
          }
        } finally {
          pf.kill("SIGTERM");
        }
      });

      test(`kubectl ${version}: cp both ways (tar over exec)`, async () => {
        const dir = join(env.base, `cp-${version}`);
        mkdirSync(dir);
        const src = join(dir, "src.txt");
        writeFileSync(src, "copied content\n");
        // The process runtime's containers see the host's filesystem: the pod path is a host path.
        const podDir = join(dir, "inpod");
        mkdirSync(podDir);
        okOut(await kubectl(env, version, ["cp", src, `default/web:${podDir}/copied.txt`]), "cp to pod");
        assert.equal(readFileSync(join(podDir, "copied.txt"), "utf8"), "copied content\n");
        const back = join(dir, "back.txt");
        okOut(await kubectl(env, version, ["cp", `default/web:${podDir}/copied.txt`, back]), "cp from pod");
        assert.equal(readFileSync(back, "utf8"), "copied content\n");
      });
    }

    test("pods/exec needs create, also for the WebSocket GET; kubectl prints the Forbidden Status", async () => {
      const role = await apiRequest(
        env,
        "POST",
        "/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles",
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "Role",
          metadata: { name: "pod-reader" },
          rules: [{ apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"] }],
        },
      );
      assert.equal(role.status, 201, role.text);
      const binding = await apiRequest(
        env,
        "POST",
        "/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings",
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "RoleBinding",
          metadata: { name: "bob-reads-pods" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" },
          subjects: [{ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: "bob" }],
        },
      );
      assert.equal(binding.status, 201, binding.text);
      const bob = await issueCertificate(env.pki.ca, { commonName: "bob", usage: "client" });
      const kubeconfig = join(env.base, "bob.yaml");
      const b64 = (x: string) => Buffer.from(x).toString("base64");
      writeFileSync(
        kubeconfig,
        readFileSync(env.kubeconfig, "utf8")
          .replace(b64(env.pki.admin.cert), b64(bob.cert))
          .replace(b64(env.pki.admin.key), b64(bob.key)),
      );
      for (const version of ["1.27", "1.32"]) {
        const logs = await runKubectl(kubeconfig, join(env.base, "bobcache"), ["logs", "web", "--tail=1"], {
          version,
        });
        assert.equal(logs.stdout, "three\n", logs.stderr);
        const r = await runKubectl(kubeconfig, join(env.base, "bobcache"), ["exec", "web", "--", "true"], {
          version,
        });
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /Error from server \(Forbidden\): pods "web" is forbidden: User "bob" cannot create resource "pods\/exec" in API group "" in the namespace "default"/,
        );
      }
    });

    test("port-forward to a closed port: kubectl reports the kubelet's error", async () => {
      const closedPort = env.httpPort === 65535 ? 1 : env.httpPort + 1;
      const pf = await portForward("1.32", env, closedPort);
      try {
        await assert.rejects(httpFetch(`http://127.0.0.1:${pf.local}/`, pf.log));
        for (let i = 0; i < 100 && !pf.log().includes("error forwarding port"); i++) await sleep(50);
        assert.match(
          pf.log(),
          new RegExp(
            `an error occurred forwarding \\d+ -> ${closedPort}: error forwarding port ${closedPort} to pod [0-9a-f]+, uid : .*ECONNREFUSED`,
          ),
        );
      } finally {
        pf.stop();
      }
    });

    test("pods/log errors as upstream: several containers, unknown container, no node, bad options", async () => {
      const created = await apiRequest(env, "POST", "/api/v1/namespaces/default/pods", {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "multi" },
        spec: {
          containers: [
            { name: "a", image: IMAGE },
            { name: "b", image: IMAGE },
          ],
        },
      });
      assert.equal(created.status, 201);
      const several = await apiRequest(env, "GET", "/api/v1/namespaces/default/pods/multi/log");
      assert.equal(several.status, 400);
      assert.equal(
        several.json.message,
        "a container name must be specified for pod multi, choose one of: [a b]",
      );
      const unknown = await apiRequest(env, "GET", "/api/v1/namespaces/default/pods/multi/log?container=x");
      assert.equal(unknown.status, 400);
      assert.equal(unknown.json.message, "container x is not valid for pod multi");
      // not on a node yet: an empty log
      const pending = await apiRequest(env, "GET", "/api/v1/namespaces/default/pods/multi/log?container=a");
      assert.equal(pending.status, 200);
      assert.equal(pending.text, "");
      const exec = await apiRequest(
        env,
        "POST",
        "/api/v1/namespaces/default/pods/multi/exec?command=ls&container=a&stdout=true",
      );
      assert.equal(exec.status, 400);
      const bad = await apiRequest(env, "GET", "/api/v1/namespaces/default/pods/web/log?tailLines=-1");
      assert.equal(bad.status, 422);
      const gone = await apiRequest(env, "GET", "/api/v1/namespaces/default/pods/nope/log");
      assert.equal(gone.status, 404);
      assert.equal(gone.json.message, 'pods "nope" not found');
    });

    test("kubelet API: client certificates of the cluster CA, authorized by SubjectAccessReview", async () => {
      const none = await kubeletRequest(env, "/healthz");
      assert.equal(none.status, 401);
      const bob = await issueCertificate(env.pki.ca, { commonName: "bob", usage: "client" });
      const denied = await kubeletRequest(env, "/containerLogs/default/web/web", bob);
      assert.equal(denied.status, 403);
      assert.equal(denied.text, "Forbidden (user=bob, verb=get, resource=nodes, subresource=proxy)");
      const stats = await kubeletRequest(env, "/stats/summary", bob);
      assert.equal(stats.text, "Forbidden (user=bob, verb=get, resource=nodes, subresource=stats)");
      const kc = env.pki.kubeletClient;
      assert.equal((await kubeletRequest(env, "/healthz", kc)).text, "ok");
      const logs = await kubeletRequest(env, "/containerLogs/default/web/web?tailLines=2", kc);
      assert.equal(logs.text, "two\nthree\n");
      const summary = JSON.parse((await kubeletRequest(env, "/stats/summary", kc)).text);
      const web = summary.pods.find((p: any) => p.podRef.name === "web");
      assert.ok(web, JSON.stringify(summary));
      assert.equal(web.containers[0].name, "web");
      assert.ok(web.containers[0].memory.workingSetBytes > 0);
      const running = JSON.parse((await kubeletRequest(env, "/runningpods/", kc)).text);
      assert.ok(running.items.some((p: any) => p.metadata.name === "web"));
      // nodes/proxy relays to the kubelet, as `kubectl get --raw` and metrics-server use it
      const raw = await kubectl(env, "1.32", ["get", "--raw", `/api/v1/nodes/${NODE}/proxy/stats/summary`]);
      assert.ok(
        (JSON.parse(okOut(raw, "get --raw")) as { pods: { podRef: { name: string } }[] }).pods.some(
          (p) => p.podRef.name === "web",
        ),
      );
      assert.equal(
        okOut(await kubectl(env, "1.32", ["get", "--raw", `/api/v1/nodes/${NODE}/proxy/healthz`]), "healthz"),
        "ok",
      );
      const pods = JSON.parse((await kubeletRequest(env, "/pods", kc)).text);
      assert.ok(pods.items.some((p: any) => p.metadata.name === "web" && p.spec.nodeName === NODE));
    });
  },
);

describe("kubelet streaming into runc containers (root)", { skip: await whyNoRunc() }, () => {
  let env: Env;
  before(async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-kubelet-streaming-runc-"));
    env = await startEnv(base, async (b) => {
      const store = await ImageStore.open(join(b, "images"));
      const built = await buildBusyboxImage(store);
      assert.ok(built.ok, built.ok ? "" : built.message);
      const rt = await RuncRuntime.open({ root: join(b, "state"), rootfs: new StoreImageService(store) });
      return { rt, image: built.image.repoTags[0]?.replace("docker.io/library/", "") ?? "" };
    });
    await runPod(env, "web", [
      {
        name: "web",
        attempts: [["sh", "-c", "echo first run; exit 1"]],
        cmd: [
          "sh",
          "-c",
          "echo one; echo two; echo pod-says-hi > /tmp/hello.txt; exec httpd -f -p 8080 -h /tmp",
        ],
      },
    ]);
  });
  after(async () => {
    for (const s of await env.rt.listPodSandbox()) await env.rt.removePodSandbox(s.id);
    await env.rt.close();
    env.apiServer.closeAllConnections();
    await new Promise((r) => env.apiServer.close(r));
    env.abort.abort();
    await env.store.close();
    rmSync(env.base, { recursive: true, force: true });
  });

  for (const version of ["1.27", "1.33"]) {
    test(`kubectl ${version}: logs, exec, port-forward into the pod's network namespace, cp`, async () => {
      assert.equal(okOut(await kubectl(env, version, ["logs", "web", "--tail=1"]), "logs"), "two\n");
      assert.equal(okOut(await kubectl(env, version, ["logs", "web", "-p"]), "logs -p"), "first run\n");
      const r = await kubectl(env, version, ["exec", "web", "--", "sh", "-c", "hostname >/dev/null; exit 7"]);
      assert.equal(r.code, 7, r.stderr);
      assert.equal(
        okOut(await kubectl(env, version, ["exec", "-i", "web", "--", "cat"], "in the box\n"), "exec -i"),
        "in the box\n",
      );
      const pf = await portForward(version, env, 8080);
      try {
        for (let i = 0; i < 2; i++) {
          const res = await httpFetch(`http://127.0.0.1:${pf.local}/hello.txt`, pf.log);
          assert.equal(res.status, 200);
          assert.equal(res.body, "pod-says-hi\n");
        }
      } finally {
        pf.stop();
      }
      const src = join(env.base, `cp-${version}.txt`);
      writeFileSync(src, `copied ${version}\n`);
      okOut(await kubectl(env, version, ["cp", src, `default/web:/tmp/copied-${version}.txt`]), "cp to pod");
      assert.equal(
        okOut(await kubectl(env, version, ["exec", "web", "--", "cat", `/tmp/copied-${version}.txt`]), "cat"),
        `copied ${version}\n`,
      );
      const back = join(env.base, `back-${version}.txt`);
      okOut(
        await kubectl(env, version, ["cp", `default/web:/tmp/copied-${version}.txt`, back]),
        "cp from pod",
      );
      assert.equal(readFileSync(back, "utf8"), `copied ${version}\n`);
    });
  }
});

async function whyNoRunc(): Promise<string | false> {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return "needs root on Linux (runc)";
  const { spawnSync } = await import("node:child_process");
  for (const bin of ["runc", "nsenter", "/bin/busybox"])
    if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) return `${bin} is missing`;
  return false;
}

/** `kubectl port-forward pod/web :port` in the background; resolves with the local port kubectl chose. */
async function portForward(
  version: string,
  env: Env,
  port: number,
): Promise<{ local: number; log: () => string; stop(): void }> {
  const pf = spawn(await kubectlBinary(version), ["port-forward", "pod/web", `:${port}`], {
    env: {
      ...process.env,
      KUBECONFIG: env.kubeconfig,
      KUBECACHEDIR: env.cacheDir,
      HOME: join(env.cacheDir, ".."),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  pf.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const local = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no forwarding line: ${out} ${err}`)), 30_000);
    pf.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    pf.once("exit", (code) => reject(new Error(`port-forward exited ${code}: ${err}`)));
  });
  return { local, log: () => `${out} ${err}`, stop: () => pf.kill("SIGTERM") };
}

function httpFetch(url: string, log: () => string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, (r) => {
      let body = "";
      r.on("data", (d: Buffer) => (body += d.toString()));
      r.on("end", () => resolve({ status: r.statusCode ?? 0, body }));
    }).on(
      "error",
      (e) => void sleep(1000).then(() => reject(new Error(`${e.message}; kubectl said: ${log()}`))),
    );
  });
}

async function kubectlBinary(version: string): Promise<string> {
  const fsp = await import("node:fs/promises");
  const cp = await import("node:child_process");
  const path = await import("node:path");
  return join(
    path.dirname(await fsp.realpath(cp.spawnSync("which", ["kubectl"], { encoding: "utf8" }).stdout.trim())),
    `kubectl.${version}`,
  );
}
