// The control-loop walkthrough (issue 3) with the real kubectl on simulated nodes: rollouts, undo, self-healing,
// drain with a PodDisruptionBudget, scheduling messages, node failure, cascading and namespace deletion.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, ok, until, type RunningServer } from "./harness.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const webApp = join(repo, "examples/web-app.yaml");

describe("control loops on simulated nodes", { concurrency: false }, () => {
  let s: RunningServer;
  const k = (...args: string[]) => s.kubectl(args);
  const pods = async (selector: string, ns = "default") =>
    (JSON.parse(ok(await k("get", "pods", "-n", ns, "-l", selector, "-o", "json"))) as { items: any[] })
      .items;

  before(async () => {
    s = await startServer({
      extraArgs: [
        "--simulated-nodes",
        "5",
        "--node-monitor-grace-period",
        "4s",
        "--node-monitor-period",
        "1s",
      ],
    });
    await until("5 Ready nodes", async () => {
      const out = ok(await k("get", "nodes", "--no-headers"));
      return out.split("\n").filter((l) => /\sReady\s/.test(l)).length === 5;
    });
  });
  after(async () => {
    await s?.stop();
  });

  test("apply, rollout status, pods spread over the nodes", async () => {
    ok(await k("apply", "-f", webApp));
    const st = ok(
      await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=60s"], { timeoutMs: 70_000 }),
    );
    assert.match(st, /deployment "web-app" successfully rolled out/);
    assert.match(ok(await k("get", "deploy", "web-app")), /^web-app\s+3\/3\s+3\s+3\s+/m);
    const nodes = new Set((await pods("app=web-app")).map((p) => p.spec.nodeName));
    assert.equal(nodes.size, 3, `3 pods on 3 different nodes: ${[...nodes].join(",")}`);
    const wide = ok(await k("get", "pods", "-o", "wide", "-l", "app=web-app"));
    assert.match(wide, /Running\s+0\s+\S+\s+10\.42\.\d+\.\d+\s+sim-\d/);
  });

  test("set image and undo roll the Deployment; history lists the revisions", async () => {
    ok(await k("set", "image", "deployment/web-app", "web=busybox:1.36"));
    ok(await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=60s"], { timeoutMs: 70_000 }));
    const imgs = (await pods("app=web-app"))
      .filter((p) => !p.metadata.deletionTimestamp)
      .map((p) => p.spec.containers[0].image);
    assert.deepEqual([...new Set(imgs)], ["busybox:1.36"]);
    const hist = ok(await k("rollout", "history", "deployment/web-app"));
    assert.match(hist, /^REVISION\s+CHANGE-CAUSE$/m);
    assert.match(hist, /^1\s+<none>$/m);
    assert.match(hist, /^2\s+<none>$/m);
    assert.match(
      ok(await k("rollout", "undo", "deployment/web-app")),
      /deployment\.apps\/web-app rolled back/,
    );
    ok(await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=60s"], { timeoutMs: 70_000 }));
    assert.equal(
      ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.spec.template.spec.containers[0].image}")),
      "busybox:1.35",
    );
    assert.equal(
      ok(
        await k(
          "get",
          "deploy",
          "web-app",
          "-o",
          "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}",
        ),
      ),
      "3",
    );
  });

  test("a deleted pod is replaced at once; scale up and down", async () => {
    const before = (await pods("app=web-app")).map((p) => p.metadata.name);
    ok(await k("delete", "pod", before[0]));
    await until("a replacement pod", async () => {
      const now = (await pods("app=web-app")).filter(
        (p) => !p.metadata.deletionTimestamp && p.status.phase === "Running",
      );
      return now.length === 3 && !now.some((p) => p.metadata.name === before[0]);
    });
    ok(await k("scale", "deployment/web-app", "--replicas=6"));
    await until(
      "6 running",
      async () => (await pods("app=web-app")).filter((p) => p.status.phase === "Running").length === 6,
    );
    ok(await k("scale", "deployment/web-app", "--replicas=3"));
    await until("3 left", async () => (await pods("app=web-app")).length === 3);
  });

  test("drain moves pods off a node and respects the PodDisruptionBudget", async () => {
    ok(await k("create", "pdb", "web-app", "--selector=app=web-app", "--min-available=2"));
    const victim = (await pods("app=web-app"))[0].spec.nodeName as string;
    const d = await s.kubectl(["drain", victim, "--ignore-daemonsets", "--timeout=60s"], {
      timeoutMs: 70_000,
    });
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, new RegExp(`node/${victim} drained`));
    assert.match(ok(await k("get", "node", victim)), /Ready,SchedulingDisabled/);
    await until("pods back to 3 off the drained node", async () => {
      const ps = (await pods("app=web-app")).filter((p) => !p.metadata.deletionTimestamp);
      return (
        ps.length === 3 &&
        ps.every((p) => p.spec.nodeName && p.spec.nodeName !== victim && p.status.phase === "Running")
      );
    });
    ok(await k("uncordon", victim));
  });

  test("events tell the story", async () => {
    const ev = ok(await k("get", "events", "--sort-by=.lastTimestamp"));
    for (const reason of ["Scheduled", "SuccessfulCreate", "ScalingReplicaSet", "SuccessfulDelete"])
      assert.match(ev, new RegExp(`\\s${reason}\\s`));
    assert.match(ev, /Successfully assigned default\/web-app-\S+ to sim-\d/);
  });

  test("a pod that fits nowhere stays Pending with upstream's message, and is scheduled once a node can take it", async () => {
    const f = join(s.dataDir, "picky.yaml");
    await writeFile(
      f,
      "apiVersion: v1\nkind: Pod\nmetadata: {name: picky}\nspec:\n  nodeSelector: {disk: ssd}\n  containers: [{name: c, image: busybox:1.35}]\n",
    );
    ok(await k("create", "-f", f));
    const msg = await until("FailedScheduling", async () => {
      const d = ok(await k("describe", "pod", "picky"));
      return /FailedScheduling/.test(d) ? d : undefined;
    });
    assert.match(msg, /0\/5 nodes are available: 5 node\(s\) didn't match Pod's node affinity\/selector/);
    assert.equal(ok(await k("get", "pod", "picky", "-o", "jsonpath={.status.phase}")), "Pending");
    ok(await k("label", "node", "sim-3", "disk=ssd"));
    await until(
      "picky scheduled on sim-3",
      async () => ok(await k("get", "pod", "picky", "-o", "jsonpath={.spec.nodeName}")) === "sim-3",
    );
  });

  test("a node that stops heartbeating becomes NotReady, gets tainted, and its pods are recreated elsewhere", async () => {
    // Tolerate an unreachable node for 5 s (instead of the 300 s DefaultTolerationSeconds adds), so eviction
    // is quick and its delay is visible.
    const tolerations = ["unreachable", "not-ready"].map((t) => ({
      key: `node.kubernetes.io/${t}`,
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 5,
    }));
    ok(
      await k(
        "patch",
        "deployment",
        "web-app",
        "--type=merge",
        "-p",
        JSON.stringify({ spec: { template: { spec: { tolerations } } } }),
      ),
    );
    const rollout = await s.kubectl(["rollout", "status", "deployment/web-app", "--timeout=60s"], {
      timeoutMs: 70_000,
    });
    if (rollout.code !== 0) {
      // what the rollout waited for: the ReplicaSets' counts and the pods' phases and deletion
      const state = await k(
        "get",
        "deploy,rs,pods",
        "-o",
        "custom-columns=NAME:.metadata.name,GEN:.metadata.generation,OBSERVED:.status.observedGeneration,NODE:.spec.nodeName,PHASE:.status.phase,POD-READY:.status.conditions[?(@.type=='Ready')].status,DELETING:.metadata.deletionTimestamp,SPEC:.spec.replicas,REPLICAS:.status.replicas,READY:.status.readyReplicas,AVAILABLE:.status.availableReplicas",
      );
      ok(rollout, `rollout status (state:\n${state.stdout})`);
    }
    const node = (await pods("app=web-app")).filter((p) => !p.metadata.deletionTimestamp)[0].spec
      .nodeName as string;
    ok(await k("annotate", "node", node, "k8ts.io/simulated-kubelet=stopped"));
    await until(
      `${node} NotReady`,
      async () => /\sNotReady\s/.test(ok(await k("get", "node", node, "--no-headers"))),
      30_000,
    );
    const taints = ok(await k("get", "node", node, "-o", "jsonpath={.spec.taints[*].key}"));
    assert.match(taints, /node\.kubernetes\.io\/unreachable/);
    const tainted = Date.now();
    // The tolerating pods stay for their tolerationSeconds before they are evicted.
    assert.ok(
      (await pods("app=web-app")).some((p) => p.spec.nodeName === node && !p.metadata.deletionTimestamp),
    );
    await until(
      "web-app pods running off the dead node",
      async () => {
        const ps = (await pods("app=web-app")).filter(
          (p) => p.status.phase === "Running" && !p.metadata.deletionTimestamp,
        );
        return ps.length === 3 && ps.every((p) => p.spec.nodeName !== node);
      },
      60_000,
    );
    assert.ok(Date.now() - tainted >= 3000, "eviction waited for tolerationSeconds");
  });

  test("cascading deletion: orphan keeps the ReplicaSet, foreground deletes dependents first", async () => {
    ok(await k("create", "deployment", "orphans", "--image=busybox:1.35", "--replicas=2"));
    await until("orphans pods", async () => (await pods("app=orphans")).length === 2);
    ok(await k("delete", "deployment", "orphans", "--cascade=orphan"));
    assert.match(ok(await k("get", "rs", "-l", "app=orphans")), /orphans-/);
    assert.equal((await pods("app=orphans")).length, 2);
    ok(await k("delete", "rs", "-l", "app=orphans", "--cascade=foreground", "--wait"));
    await until("orphans pods gone", async () => (await pods("app=orphans")).length === 0);
  });

  test("deleting a namespace deletes everything in it", async () => {
    ok(await k("create", "namespace", "doomed"));
    ok(await k("create", "deployment", "d", "-n", "doomed", "--image=busybox:1.35", "--replicas=2"));
    ok(await k("create", "configmap", "c", "-n", "doomed"));
    await until("doomed pods", async () => (await pods("app=d", "doomed")).length === 2);
    const del = await s.kubectl(["delete", "namespace", "doomed", "--timeout=60s"], { timeoutMs: 70_000 });
    assert.equal(del.code, 0, del.stderr);
    const gone = await k("get", "namespace", "doomed");
    assert.match(gone.stderr, /namespaces "doomed" not found/);
  });
});
