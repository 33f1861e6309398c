// The worker-node walkthrough (issue 4) with the real kubectl against `k8ts server` running its agent: real
// runc containers on a CNI bridge, logs/exec/attach/port-forward/cp through the kubelet's API, restarts and
// back-off, probes, OOM kills, init containers, volumes and env, graceful deletion, and a server restart that
// re-adopts running containers. Needs root on Linux with runc (CI installs it).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import http from "node:http";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, ok, until as untilWithin, type RunningServer } from "./harness.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function whySkip(): string | false {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return "needs root on Linux";
  for (const bin of ["runc", "iptables-restore", "/bin/busybox", "/usr/lib/cni/bridge"])
    if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) return `${bin} is missing`;
  return false;
}

/** Real containers take longer than API objects: a minute by default. */
const until = <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000) =>
  untilWithin(what, check, timeoutMs);

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((ok2, fail) => {
    const req = http.get(url, { timeout: 5000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => ok2({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
  });
}

describe("a real node: kubelet, runc, CNI", { concurrency: false, skip: whySkip() }, () => {
  let s: RunningServer;
  const k = (...args: string[]) => s.kubectl(args);
  const pod = async (name: string) => JSON.parse(ok(await k("get", "pod", name, "-o", "json")));
  const phase = (name: string, want: string) =>
    until(`${name} ${want}`, async () => ((await pod(name)).status?.phase === want ? pod(name) : false));
  const ready = (name: string) =>
    until(`${name} Ready`, async () => {
      const p = await pod(name);
      return p.status?.conditions?.some((c: any) => c.type === "Ready" && c.status === "True") ? p : false;
    });
  const waiting = (name: string, reason: string, container = 0) =>
    until(`${name} waiting ${reason}`, async () => {
      const p = await pod(name);
      return p.status?.containerStatuses?.[container]?.state?.waiting?.reason === reason ? p : false;
    });
  const apply = async (yaml: string) => ok(await s.kubectl(["apply", "-f", "-"], { input: yaml }));

  before(async () => {
    s = await startServer({ agent: true });
    await until("the node Ready", async () => {
      const r = await k(
        "get",
        "node",
        "e2e-node",
        "-o",
        "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
      );
      return r.stdout === "True";
    });
  });
  after(async () => {
    await s?.stop();
  });

  test("kubectl run: Running on this node with a pod IP, serving HTTP from inside the container", async () => {
    ok(
      await k(
        "run",
        "web",
        "--image=busybox:1.35",
        "--port=8080",
        "--",
        "httpd",
        "-f",
        "-p",
        "8080",
        "-h",
        "/etc",
      ),
    );
    const p = await ready("web");
    assert.equal(p.spec.nodeName, "e2e-node");
    assert.match(p.status.podIP, /^10\.\d+\.0\.\d+$/);
    const wide = ok(await k("get", "pod", "web", "-o", "wide"));
    assert.match(wide, /web\s+1\/1\s+Running\s+0\s+\S+\s+10\.\d+\.0\.\d+\s+e2e-node/);
    const r = await httpGet(`http://${p.status.podIP}:8080/hostname`);
    assert.equal(r.status, 200);
    assert.equal(r.body.trim(), "web");
    // the kubelet's container events name the container, as upstream's
    await until("the Started event", async () => {
      const ev = JSON.parse(
        ok(await k("get", "events", "--field-selector", "involvedObject.name=web", "-o", "json")),
      );
      return ev.items.some(
        (e: any) => e.reason === "Started" && e.involvedObject.fieldPath === "spec.containers{web}",
      );
    });
  });

  test("kubectl exec returns the command's exit code and carries stdin", async () => {
    const out = ok(await k("exec", "web", "--", "cat", "/etc/hostname"));
    assert.equal(out.trim(), "web");
    const r = await k("exec", "web", "--", "sh", "-c", "exit 3");
    assert.equal(r.code, 3);
    const i = await s.kubectl(["exec", "-i", "web", "--", "sh", "-c", "tr a-z A-Z"], { input: "hello\n" });
    assert.equal(ok(i).trim(), "HELLO");
  });

  test("kubectl logs, -f and --previous after a crash; CrashLoopBackOff with growing delays", async () => {
    ok(
      await k(
        "run",
        "crash",
        "--image=busybox:1.35",
        "--",
        "sh",
        "-c",
        "echo run-$(date +%s%N); sleep 1; exit 1",
      ),
    );
    await until(
      "two restarts",
      async () => (await pod("crash")).status?.containerStatuses?.[0]?.restartCount >= 2,
    );
    const p = await waiting("crash", "CrashLoopBackOff");
    assert.match(
      p.status.containerStatuses[0].state.waiting.message,
      /back-off \d+s restarting failed container=crash pod=crash_default/,
    );
    assert.equal(p.status.containerStatuses[0].lastState.terminated.exitCode, 1);
    assert.match(ok(await k("logs", "crash", "--previous")), /^run-\d+/);
    await until("the BackOff event", async () =>
      JSON.parse(
        ok(await k("get", "events", "--field-selector", "involvedObject.name=crash", "-o", "json")),
      ).items.some((e: any) => e.reason === "BackOff"),
    );
    // logs -f follows a running container's output
    ok(
      await k(
        "run",
        "ticker",
        "--image=busybox:1.35",
        "--",
        "sh",
        "-c",
        "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done",
      ),
    );
    await phase("ticker", "Running");
    const f = await s.kubectl(["logs", "-f", "ticker"], { timeoutMs: 2500 });
    assert.match(f.stdout, /tick 0\n[\s\S]*tick 3\n/);
    assert.match(ok(await k("logs", "ticker", "--tail=1")), /^tick \d+\n$/);
  });

  test("kubectl port-forward carries an HTTP request", async () => {
    const pf = spawn("kubectl", ["port-forward", "pod/web", "0:8080"], {
      env: { ...process.env, KUBECONFIG: s.kubeconfig },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const port = await new Promise<number>((ok2, fail) => {
        let out = "";
        pf.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(out);
          if (m) ok2(Number(m[1]));
        });
        pf.on("exit", (c) => fail(new Error(`port-forward exited ${c}`)));
      });
      const r = await httpGet(`http://127.0.0.1:${port}/hostname`);
      assert.equal(r.body.trim(), "web");
    } finally {
      pf.kill();
    }
  });

  test("kubectl cp copies a file out of the container", async () => {
    const dir = await mkdtemp(join(tmpdir(), "k8ts-cp-"));
    ok(await k("cp", "web:/etc/hostname", join(dir, "h")));
    assert.equal((await readFile(join(dir, "h"), "utf8")).trim(), "web");
    await writeFile(join(dir, "in.txt"), "copied in\n");
    ok(await k("cp", join(dir, "in.txt"), "web:/tmp/in.txt"));
    assert.equal(ok(await k("exec", "web", "--", "cat", "/tmp/in.txt")), "copied in\n");
  });

  test("init containers run to completion first; configMap volume and env from a Secret inside", async () => {
    await apply(`apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {greeting: hello-from-configmap}
---
apiVersion: v1
kind: Secret
metadata: {name: sec}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: inputs}
spec:
  initContainers:
  - {name: first, image: busybox:1.35, command: [sh, -c, "echo init-done > /work/marker"], volumeMounts: [{name: work, mountPath: /work}]}
  containers:
  - name: main
    image: busybox:1.35
    command: [sh, -c, "cat /work/marker; cat /cfg/greeting; echo; echo pw=$PASSWORD; sleep 3600"]
    env: [{name: PASSWORD, valueFrom: {secretKeyRef: {name: sec, key: password}}}]
    volumeMounts: [{name: work, mountPath: /work}, {name: cfg, mountPath: /cfg}]
  volumes:
  - {name: work, emptyDir: {}}
  - {name: cfg, configMap: {name: cfg}}
`);
    const p = await phase("inputs", "Running");
    assert.equal(p.status.initContainerStatuses[0].state.terminated.reason, "Completed");
    const logs = await until("main's output", async () => {
      const l = ok(await k("logs", "inputs", "-c", "main"));
      return l.includes("pw=") ? l : false;
    });
    assert.equal(logs, "init-done\nhello-from-configmap\npw=s3cret\n");
  });

  test("a failing liveness probe restarts the container; a failing readiness probe only un-readies it", async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: probes}
spec:
  containers:
  - name: live
    image: busybox:1.35
    command: [sh, -c, "touch /tmp/ok; sleep 3600"]
    livenessProbe: {exec: {command: [sh, -c, "test ! -e /tmp/fail"]}, periodSeconds: 1, failureThreshold: 1}
  - name: ready
    image: busybox:1.35
    command: [sh, -c, "touch /tmp/ready; sleep 3600"]
    readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
`);
    await ready("probes");
    ok(await k("exec", "probes", "-c", "ready", "--", "rm", "/tmp/ready"));
    await until("probes not Ready", async () => {
      const p = await pod("probes");
      return p.status.conditions.some((c: any) => c.type === "Ready" && c.status === "False") ? p : false;
    });
    ok(await k("exec", "probes", "-c", "live", "--", "touch", "/tmp/fail"));
    const p = await until("live restarted", async () => {
      const q = await pod("probes");
      return q.status.containerStatuses.find((c: any) => c.name === "live").restartCount >= 1 ? q : false;
    });
    assert.equal(p.status.containerStatuses.find((c: any) => c.name === "ready").restartCount, 0);
    // events are written asynchronously
    await until("both Unhealthy events", async () => {
      const ev = JSON.parse(
        ok(await k("get", "events", "--field-selector", "involvedObject.name=probes", "-o", "json")),
      );
      return (
        ev.items.some((e: any) => e.reason === "Unhealthy" && /Liveness probe failed/.test(e.message)) &&
        ev.items.some((e: any) => e.reason === "Unhealthy" && /Readiness probe failed/.test(e.message))
      );
    });
  });

  test("a container over its memory limit is OOMKilled", async () => {
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: busybox:1.35
    command: [sh, -c, "x=a; while true; do x=$x$x; done"]
    resources: {limits: {memory: 16Mi}}
`);
    const p = await phase("hog", "Failed");
    assert.equal(p.status.containerStatuses[0].state.terminated.reason, "OOMKilled");
    assert.equal(p.status.containerStatuses[0].state.terminated.exitCode, 137);
  });

  test("bad input: a missing image, a missing command, a missing ConfigMap; other pods unaffected", async () => {
    ok(await k("run", "noimage", "--image=nosuch.invalid/none:1"));
    await until("ErrImagePull or ImagePullBackOff", async () => {
      const w = (await pod("noimage")).status?.containerStatuses?.[0]?.state?.waiting?.reason;
      return w === "ErrImagePull" || w === "ImagePullBackOff";
    });
    await waiting("noimage", "ImagePullBackOff");
    ok(await k("run", "nocmd", "--image=busybox:1.35", "--command", "--", "/no/such/program"));
    await until("nocmd fails to start", async () => {
      const c = (await pod("nocmd")).status?.containerStatuses?.[0];
      return (
        c?.lastState?.terminated?.reason === "StartError" ||
        c?.state?.terminated?.reason === "StartError" ||
        ["RunContainerError", "CreateContainerError", "CrashLoopBackOff"].includes(c?.state?.waiting?.reason)
      );
    });
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: nocfg}
spec:
  containers:
  - {name: c, image: busybox:1.35, command: [sleep, "3600"], env: [{name: X, valueFrom: {configMapKeyRef: {name: absent, key: k}}}]}
`);
    const p = await waiting("nocfg", "CreateContainerConfigError");
    assert.equal(p.status.containerStatuses[0].state.waiting.message, 'configmap "absent" not found');
    // the first pod still serves
    assert.equal(
      (await httpGet(`http://${(await pod("web")).status.podIP}:8080/hostname`)).body.trim(),
      "web",
    );
  });

  test("deleting a pod runs preStop, sends SIGTERM and kills after the grace period", async () => {
    const out = await mkdtemp(join(tmpdir(), "k8ts-grace-"));
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: graceful}
spec:
  terminationGracePeriodSeconds: 3
  volumes: [{name: out, hostPath: {path: ${out}, type: Directory}}]
  containers:
  - name: polite
    image: busybox:1.35
    command: [sh, -c, "trap 'echo TERM >> /out/polite; exit 0' TERM; while true; do sleep 0.1; done"]
    lifecycle: {preStop: {exec: {command: [sh, -c, "echo preStop >> /out/polite"]}}}
    volumeMounts: [{name: out, mountPath: /out}]
  - name: stubborn
    image: busybox:1.35
    command: [sh, -c, "trap 'echo TERM-ignored >> /out/stubborn' TERM; while true; do sleep 0.1; done"]
    volumeMounts: [{name: out, mountPath: /out}]
`);
    await phase("graceful", "Running");
    ok(await s.kubectl(["delete", "pod", "graceful", "--wait=true", "--timeout=60s"], { timeoutMs: 70_000 }));
    assert.match((await k("get", "pod", "graceful")).stderr, /NotFound/);
    // preStop ran before SIGTERM; the container that ignored SIGTERM was killed after the grace period
    assert.equal(await readFile(join(out, "polite"), "utf8"), "preStop\nTERM\n");
    assert.equal(await readFile(join(out, "stubborn"), "utf8"), "TERM-ignored\n");
    await until("the Killing event", async () =>
      JSON.parse(
        ok(await k("get", "events", "--field-selector", "involvedObject.name=graceful", "-o", "json")),
      ).items.some((e: any) => e.reason === "Killing"),
    );
  });

  test("examples/web-app.yaml: three real containers behind the Deployment", async () => {
    ok(await k("apply", "-f", join(repo, "examples/web-app.yaml")));
    ok(await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=60s"], { timeoutMs: 70_000 }));
    const pods = JSON.parse(ok(await k("get", "pods", "-l", "app=web-app", "-o", "json"))).items;
    assert.equal(pods.length, 3);
    assert.equal(new Set(pods.map((p: any) => p.status.podIP)).size, 3);
  });

  test("in-cluster clients: kubectl inside a pod reaches the API with its ServiceAccount's rights", async () => {
    // the real kubectl (a static binary) from this host, mounted into a busybox pod
    const kubectlBin = join(
      dirname(
        spawnSync("readlink", ["-f", spawnSync("which", ["kubectl"], { encoding: "utf8" }).stdout.trim()], {
          encoding: "utf8",
        }).stdout.trim(),
      ),
      "kubectl.1.32",
    );
    ok(await k("create", "serviceaccount", "reader"));
    ok(await k("create", "role", "pod-reader", "--verb=get,list,watch", "--resource=pods"));
    ok(await k("create", "rolebinding", "reader", "--role=pod-reader", "--serviceaccount=default:reader"));
    await apply(`apiVersion: v1
kind: Pod
metadata: {name: incluster}
spec:
  serviceAccountName: reader
  volumes: [{name: kubectl, hostPath: {path: ${kubectlBin}, type: File}}]
  containers:
  - {name: c, image: busybox:1.35, command: [sleep, "3600"], volumeMounts: [{name: kubectl, mountPath: /bin/kubectl, readOnly: true}]}
`);
    await phase("incluster", "Running");
    const env = ok(await k("exec", "incluster", "--", "env"));
    assert.match(env, /^KUBERNETES_SERVICE_HOST=10\.43\.0\.1$/m);
    assert.match(env, /^KUBERNETES_SERVICE_PORT=443$/m);
    const mine = ok(await k("exec", "incluster", "--", "kubectl", "get", "pods", "-o", "name"));
    assert.match(mine, /^pod\/incluster$/m);
    const denied = await k("exec", "incluster", "--", "kubectl", "get", "secrets");
    assert.notEqual(denied.code, 0);
    assert.match(
      denied.stderr + denied.stdout,
      /secrets is forbidden: User "system:serviceaccount:default:reader" cannot list resource "secrets" in API group "" in the namespace "default"/,
    );
    assert.equal(
      ok(
        await k(
          "exec",
          "incluster",
          "--",
          "kubectl",
          "auth",
          "whoami",
          "-o",
          "jsonpath={.status.userInfo.username}",
        ),
      ),
      "system:serviceaccount:default:reader",
    );
  });

  test("restarting the server re-adopts running containers instead of starting them again", async () => {
    const before = (await pod("web")).status.containerStatuses[0];
    await s.stop({ keepData: true });
    s = await startServer({ agent: true, dataDir: s.dataDir, podNetwork: s.podNetwork });
    await until("the node Ready again", async () => {
      const r = await k(
        "get",
        "node",
        "e2e-node",
        "-o",
        "jsonpath={.status.conditions[?(@.type=='Ready')].status}",
      );
      return r.stdout === "True";
    });
    const after = (await ready("web")).status.containerStatuses[0];
    assert.equal(after.containerID, before.containerID);
    assert.equal(after.restartCount, before.restartCount);
    assert.equal(
      (await httpGet(`http://${(await pod("web")).status.podIP}:8080/hostname`)).body.trim(),
      "web",
    );
  });
});

/** GET through a fresh connection (no keep-alive), so each request is balanced anew. */
function fetchOnce(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((ok2, fail) => {
    const req = http.get(url, { agent: false, headers, timeout: 5000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => ok2({ status: res.statusCode ?? 0, body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
  });
}

describe(
  "Services on a real node: kube-proxy, cluster DNS, Ingress, LoadBalancer",
  { concurrency: false, skip: whySkip() },
  () => {
    let s: RunningServer;
    const k = (...args: string[]) => s.kubectl(args);
    const json = async (...args: string[]) => JSON.parse(ok(await k(...args, "-o", "json")));
    const apply = async (yaml: string) => ok(await s.kubectl(["apply", "-f", "-"], { input: yaml }));
    const clusterIP = async (svc: string) => (await json("get", "svc", svc)).spec.clusterIP as string;
    const inPod = async (script: string) => ok(await k("exec", "client", "--", "sh", "-c", script), script);

    before(async () => {
      s = await startServer({ agent: true });
      ok(await k("apply", "-f", join(repo, "examples/web-app.yaml")));
      ok(
        await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=90s"], { timeoutMs: 100_000 }),
      );
      ok(await k("run", "client", "--image=busybox:1.35", "--", "sleep", "3600"));
      await until(
        "client Running",
        async () => (await json("get", "pod", "client")).status?.phase === "Running",
      );
    });
    after(async () => {
      await s?.stop();
    });

    test("300 requests to the ClusterIP, from the host and from a pod by DNS name, reach all three replicas", async () => {
      const ip = await clusterIP("web-app");
      await until("the ClusterIP answers", async () => (await fetchOnce(`http://${ip}/`)).status === 200);
      const fromHost = new Set<string>();
      for (let i = 0; i < 300; i++) fromHost.add((await fetchOnce(`http://${ip}/`)).body.trim());
      assert.equal(fromHost.size, 3, [...fromHost].join(", "));
      const out = await inPod(
        "for i in $(seq 300); do wget -qO- http://web-app.default.svc.cluster.local/; done",
      );
      assert.equal(new Set(out.trim().split("\n")).size, 3);
    });

    test("a NodePort answers on 127.0.0.1; a LoadBalancer Service at its status address", async () => {
      ok(await k("expose", "deployment", "web-app", "--type=NodePort", "--name", "web-np", "--port", "80"));
      const np = (await json("get", "svc", "web-np")).spec.ports[0].nodePort as number;
      await until("NodePort answers", async () =>
        /hello from web-app/.test((await fetchOnce(`http://127.0.0.1:${np}/`)).body),
      );
      ok(
        await k(
          "expose",
          "deployment",
          "web-app",
          "--type=LoadBalancer",
          "--name",
          "web-lb",
          "--port",
          "18081",
          "--target-port",
          "80",
        ),
      );
      const lbIP = await until(
        "LoadBalancer address",
        async () => (await json("get", "svc", "web-lb")).status?.loadBalancer?.ingress?.[0]?.ip as string,
      );
      await until("LoadBalancer answers", async () =>
        /hello from web-app/.test((await fetchOnce(`http://${lbIP}:18081/`)).body),
      );
    });

    test("cluster DNS answers Service, headless pod and SRV records inside a pod", async () => {
      await apply(`apiVersion: v1
kind: Service
metadata: {name: web-headless}
spec:
  clusterIP: None
  selector: {app: web-app}
  ports: [{name: http, port: 80}]
`);
      const ip = await clusterIP("web-app");
      assert.match(
        await inPod("nslookup web-app.default.svc.cluster.local"),
        new RegExp(`Address:\\s*${ip.replace(/\./g, "\\.")}`),
      );
      const pods = (await json("get", "pods", "-l", "app=web-app")).items.map(
        (p: any) => p.status.podIP as string,
      );
      const headless = await until("headless records", async () => {
        const o = await inPod("nslookup web-headless.default.svc.cluster.local");
        return pods.every((p: string) => o.includes(p)) ? o : false;
      });
      assert.ok(headless);
      assert.match(
        await inPod("nslookup -type=SRV _http._tcp.web-headless.default.svc.cluster.local"),
        /service = 0 \d+ 80 10-\d+-0-\d+\.web-headless\.default\.svc\.cluster\.local/,
      );
      const nx = await k("exec", "client", "--", "nslookup", "nosuch.default.svc.cluster.local");
      assert.notEqual(nx.code, 0);
      assert.match(nx.stdout + nx.stderr, /NXDOMAIN|can't find/);
    });

    test("the Ingress routes by host and path", async () => {
      const port = Number(/ingress controller serving http on :(\d+)/.exec(s.stdout())?.[1]);
      assert.ok(port > 0, s.stdout());
      ok(await k("apply", "-f", join(repo, "examples/ingress.yaml")));
      ok(await s.kubectl(["rollout", "status", "deployment/api", "--timeout=90s"], { timeoutMs: 100_000 }));
      const get = (host: string, path: string) => fetchOnce(`http://127.0.0.1:${port}${path}`, { host });
      await until("api via app.example.test", async () =>
        /^api from api-/.test((await get("app.example.test", "/api/")).body),
      );
      assert.match((await get("app.example.test", "/")).body, /^hello from web-app-/);
      assert.match((await get("www.example.test", "/api/v1")).body, /^api from api-/);
      assert.match((await get("www.example.test", "/")).body, /^hello from web-app-/);
      assert.equal((await get("nosuch.example.test", "/")).status, 404);
      const ing = await until(
        "Ingress status",
        async () =>
          (await json("get", "ingress", "example")).status?.loadBalancer?.ingress?.[0]?.ip as string,
      );
      assert.equal(ing, "127.0.0.1");
    });

    test("a pod that turns not-Ready stops receiving traffic; scaling to zero makes the ClusterIP refuse", async () => {
      await apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: rd}
spec:
  replicas: 2
  selector: {matchLabels: {app: rd}}
  template:
    metadata: {labels: {app: rd}}
    spec:
      containers:
      - name: web
        image: busybox:1.35
        command: [sh, -c, "echo $(hostname) > /var/www/index.html; touch /tmp/ready; exec httpd -f -p 80 -h /var/www"]
        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: rd}
spec:
  selector: {app: rd}
  ports: [{port: 80}]
`);
      ok(await s.kubectl(["rollout", "status", "deployment/rd", "--timeout=90s"], { timeoutMs: 100_000 }));
      const ip = await clusterIP("rd");
      const [a, b] = (await json("get", "pods", "-l", "app=rd")).items.map(
        (p: any) => p.metadata.name as string,
      );
      await until("both answer", async () => {
        const seen = new Set<string>();
        for (let i = 0; i < 30; i++) seen.add((await fetchOnce(`http://${ip}/`)).body.trim());
        return seen.size === 2;
      });
      ok(await k("exec", a, "--", "rm", "/tmp/ready"));
      await until(`${a} not Ready`, async () =>
        (await json("get", "pod", a)).status.conditions.some(
          (c: any) => c.type === "Ready" && c.status === "False",
        ),
      );
      // once the pod is not Ready, its endpoint leaves the rules: every request goes to the other pod
      await until("only the ready pod answers", async () => {
        for (let i = 0; i < 50; i++) if ((await fetchOnce(`http://${ip}/`)).body.trim() !== b) return false;
        return true;
      });
      ok(await k("scale", "deployment/rd", "--replicas=0"));
      await until("the ClusterIP refuses", async () => {
        const e = await fetchOnce(`http://${ip}/`).then(
          () => undefined,
          (err: NodeJS.ErrnoException) => err.code,
        );
        return e === "ECONNREFUSED";
      });
    });

    test("a rolling update behind a Service under a steady client fails no request", async () => {
      await apply(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ru}
spec:
  replicas: 3
  selector: {matchLabels: {app: ru}}
  template:
    metadata: {labels: {app: ru}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: web
        image: busybox:1.35
        env: [{name: VERSION, value: "1"}]
        command: [sh, -c, "echo v$VERSION > /var/www/index.html; exec httpd -f -p 80 -h /var/www"]
        readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
        lifecycle: {preStop: {exec: {command: [sleep, "3"]}}}
---
apiVersion: v1
kind: Service
metadata: {name: ru}
spec:
  selector: {app: ru}
  ports: [{port: 80}]
`);
      ok(await s.kubectl(["rollout", "status", "deployment/ru", "--timeout=90s"], { timeoutMs: 100_000 }));
      const ip = await clusterIP("ru");
      await until("ru answers", async () => (await fetchOnce(`http://${ip}/`)).body.trim() === "v1");
      let running = true;
      const failures: string[] = [];
      const versions = new Set<string>();
      let sent = 0;
      // about 50 requests a second for the whole update
      const client = (async () => {
        while (running) {
          sent++;
          await fetchOnce(`http://${ip}/`).then(
            (r) => (r.status === 200 ? versions.add(r.body.trim()) : failures.push(`status ${r.status}`)),
            (e: Error) => failures.push(e.message),
          );
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      ok(await k("set", "env", "deployment/ru", "VERSION=2"));
      ok(await s.kubectl(["rollout", "status", "deployment/ru", "--timeout=120s"], { timeoutMs: 130_000 }));
      await new Promise((r) => setTimeout(r, 5000)); // the old pods' preStop and termination
      running = false;
      await client;
      assert.deepEqual(failures, [], `${failures.length} of ${sent} requests failed`);
      assert.ok(versions.has("v1") && versions.has("v2"), [...versions].join(","));
    });

    test("stopping the server leaves Service rules in place; the restarted server keeps serving, DNS too", async () => {
      const ip = await clusterIP("web-app");
      await s.stop({ keepData: true });
      // kube-proxy's rules and the pods outlive the agent, so established Service traffic keeps flowing
      assert.match((await fetchOnce(`http://${ip}/`)).body, /^hello from web-app-/);
      s = await startServer({ agent: true, dataDir: s.dataDir, podNetwork: s.podNetwork });
      await until("served after the restart", async () =>
        /^hello from web-app-/.test((await fetchOnce(`http://${ip}/`)).body),
      );
      assert.equal((await json("get", "pods", "-l", "app=web-app")).items.length, 3);
      // the restarted server's cluster DNS finds its kube-dns Service (creating it again fails on its clusterIP);
      // busybox's own `wget -T` crashes (SIGSEGV), so timeout(1) bounds each try
      await until("DNS answers after the restart", async () =>
        /^hello from web-app-/.test(
          (
            await k(
              "exec",
              "client",
              "--",
              "timeout",
              "3",
              "wget",
              "-qO-",
              "http://web-app.default.svc.cluster.local/",
            )
          ).stdout,
        ),
      );
    });
  },
);
