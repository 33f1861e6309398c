// The acceptance walkthrough of the API server issue, with the real kubectl, against both store backends.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile, chmod } from "node:fs/promises";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { backends, startServer, ok, type RunningServer } from "./harness.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const webApp = join(repo, "examples/web-app.yaml");

for (const backend of backends()) {
  describe(`kubectl against k8ts (${backend})`, { concurrency: false }, () => {
    let s: RunningServer;
    const k = (...args: string[]) => s.kubectl(args);
    const file = async (name: string, text: string) => {
      const p = join(s.dataDir, name);
      await writeFile(p, text);
      return p;
    };

    before(async () => {
      s = await startServer({ backend });
    });
    after(async () => {
      await s?.stop();
    });

    test("version, api-versions, api-resources, cluster-info", async () => {
      const v = ok(await k("version"));
      assert.match(v, /Server Version: v1\.32\.\d+/);
      const av = ok(await k("api-versions"));
      for (const gv of [
        "v1",
        "apps/v1",
        "batch/v1",
        "networking.k8s.io/v1",
        "rbac.authorization.k8s.io/v1",
        "coordination.k8s.io/v1",
      ])
        assert.ok(av.split("\n").includes(gv), `api-versions lists ${gv}`);
      const ar = ok(await k("api-resources"));
      assert.match(ar, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND/m);
      assert.match(ar, /^pods\s+po\s+v1\s+true\s+Pod$/m);
      assert.match(ar, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      assert.match(ar, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
      const ci = ok(await k("cluster-info"));
      assert.match(ci, /Kubernetes control plane.* is running at .*https:\/\/127\.0\.0\.1:\d+/);
    });

    test("the four namespaces exist at start", async () => {
      const out = ok(await k("get", "namespaces", "-o", "name"));
      for (const ns of ["default", "kube-system", "kube-public", "kube-node-lease"])
        assert.match(out, new RegExp(`^namespace/${ns}$`, "m"));
    });

    test("apply -f the web app, then get, describe", async () => {
      const out = ok(await k("apply", "-f", webApp));
      assert.match(out, /^deployment\.apps\/web-app created$/m);
      assert.match(out, /^service\/web-app created$/m);
      const again = ok(await k("apply", "-f", webApp));
      assert.match(again, /^deployment\.apps\/web-app unchanged$/m);
      const get = ok(await k("get", "deploy,svc", "-A"));
      assert.match(get, /^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
      assert.match(get, /^default\s+deployment\.apps\/web-app\s+0\/3\s+\d\s+0\s+\d+s$/m);
      assert.match(get, /^NAMESPACE\s+NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
      assert.match(get, /^default\s+service\/web-app\s+ClusterIP\s+\S+\s+<none>\s+80\/TCP\s+\d+s$/m);
      const d = ok(await k("describe", "deployment", "web-app"));
      assert.match(d, /^Name:\s+web-app$/m);
      assert.match(d, /^Replicas:\s+3 desired/m);
      assert.match(d, /^StrategyType:\s+RollingUpdate$/m);
      assert.match(d, /^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
      assert.match(d, /Port:\s+80\/TCP/);
    });

    test("client-side apply with a change, then server-side apply and a field-manager conflict", async () => {
      const manifest = (replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ssa
  labels: {app: ssa}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ssa}}
  template:
    metadata: {labels: {app: ssa}}
    spec:
      containers:
      - name: app
        image: ${image}
`;
      ok(await k("apply", "-f", await file("ssa1.yaml", manifest(1, "busybox:1.35"))));
      const changed = ok(await k("apply", "-f", await file("ssa2.yaml", manifest(2, "busybox:1.36"))));
      assert.match(changed, /^deployment\.apps\/ssa configured$/m);
      const img = ok(
        await k(
          "get",
          "deploy",
          "ssa",
          "-o",
          "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}",
        ),
      );
      assert.equal(img, "2 busybox:1.36");
      // A server-side apply by another manager that changes replicas conflicts with kubectl-client-side-apply.
      const conflict = await k(
        "apply",
        "--server-side",
        "--field-manager=other",
        "-f",
        await file("ssa3.yaml", manifest(5, "busybox:1.36")),
      );
      assert.notEqual(conflict.code, 0);
      assert.match(
        conflict.stderr,
        /Apply failed with \d+ conflicts?: conflict with "kubectl-client-side-apply"/,
      );
      assert.match(conflict.stderr, /\.spec\.replicas/);
      const forced = ok(
        await k(
          "apply",
          "--server-side",
          "--field-manager=other",
          "--force-conflicts",
          "-f",
          join(s.dataDir, "ssa3.yaml"),
        ),
      );
      assert.match(forced, /^deployment\.apps\/ssa serverside-applied$/m);
      assert.equal(ok(await k("get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}")), "5");
      const mf = JSON.parse(ok(await k("get", "deploy", "ssa", "-o", "json", "--show-managed-fields")))
        .metadata.managedFields as {
        manager: string;
        operation: string;
      }[];
      assert.ok(mf.some((m) => m.manager === "other" && m.operation === "Apply"));
    });

    test("create subcommands (protobuf bodies from kubectl 1.32) and create -f", async () => {
      assert.match(ok(await k("create", "namespace", "dev")), /^namespace\/dev created$/m);
      assert.match(
        ok(await k("create", "configmap", "cfg", "-n", "dev", "--from-literal=a=1", "--from-literal=b=two")),
        /^configmap\/cfg created$/m,
      );
      assert.match(
        ok(await k("create", "secret", "generic", "sec", "-n", "dev", "--from-literal=password=s3cr3t")),
        /^secret\/sec created$/m,
      );
      assert.match(
        ok(await k("create", "deployment", "d1", "-n", "dev", "--image=busybox:1.35", "--replicas=2")),
        /^deployment\.apps\/d1 created$/m,
      );
      assert.match(
        ok(await k("create", "service", "clusterip", "s1", "-n", "dev", "--tcp=80:8080")),
        /^service\/s1 created$/m,
      );
      assert.equal(ok(await k("get", "cm", "cfg", "-n", "dev", "-o", "jsonpath={.data.b}")), "two");
      assert.equal(
        ok(await k("get", "secret", "sec", "-n", "dev", "-o", "jsonpath={.data.password}")),
        Buffer.from("s3cr3t").toString("base64"),
      );
      const exists = await k("create", "configmap", "cfg", "-n", "dev");
      assert.equal(exists.code, 1);
      assert.match(exists.stderr, /error: failed to create configmap: configmaps "cfg" already exists/);
      const cm = await file(
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  k: v\n",
      );
      assert.match(ok(await k("create", "-f", cm)), /^configmap\/from-file created$/m);
      const dup = await k("create", "-f", cm);
      assert.match(
        dup.stderr,
        /Error from server \(AlreadyExists\): error when creating ".*cm\.yaml": configmaps "from-file" already exists/,
      );
    });

    test("get output formats, selectors, chunking", async () => {
      ok(await k("label", "cm", "from-file", "tier=fe"));
      assert.equal(ok(await k("get", "cm", "from-file", "-o", "name")), "configmap/from-file\n");
      assert.equal(JSON.parse(ok(await k("get", "cm", "from-file", "-o", "json"))).data.k, "v");
      assert.match(ok(await k("get", "cm", "from-file", "-o", "yaml")), /^  k: v$/m);
      assert.match(
        ok(await k("get", "cm", "-o", "custom-columns=N:.metadata.name,T:.metadata.labels.tier")),
        /^from-file\s+fe$/m,
      );
      const sel = ok(await k("get", "cm", "-l", "tier=fe", "-o", "name"));
      assert.equal(sel, "configmap/from-file\n");
      const setSel = ok(await k("get", "cm", "-l", "tier in (fe,be),!missing", "-o", "name"));
      assert.equal(setSel, "configmap/from-file\n");
      assert.equal(
        ok(await k("get", "cm", "--field-selector", "metadata.name=from-file", "-o", "name")),
        "configmap/from-file\n",
      );
      const badField = await k("get", "cm", "--field-selector", "spec.nope=x");
      assert.match(badField.stderr, /field label not supported: spec\.nope/);
      const wide = ok(await k("get", "ns", "--chunk-size=1"));
      assert.match(wide, /^NAME\s+STATUS\s+AGE$/m);
      assert.equal(wide.trim().split("\n").length >= 6, true, "header + at least 5 namespaces across pages");
      const cms = ok(await k("get", "cm", "-A", "--show-labels"));
      assert.match(cms, /^NAMESPACE\s+NAME\s+DATA\s+AGE\s+LABELS$/m);
      assert.match(cms, /^default\s+from-file\s+1\s+\d+s\s+tier=fe$/m);
      const none = await k("get", "pods", "-n", "kube-public");
      assert.match(none.stderr, /No resources found in kube-public namespace\./);
      const nf = await k("get", "cm", "nope");
      assert.equal(nf.code, 1);
      assert.match(nf.stderr, /Error from server \(NotFound\): configmaps "nope" not found/);
    });

    test("label, annotate, patch (strategic, merge, json), scale", async () => {
      assert.match(
        ok(await k("annotate", "deploy", "web-app", "note=hello")),
        /deployment\.apps\/web-app annotated/,
      );
      const relabel = await k("label", "cm", "from-file", "tier=be");
      assert.match(relabel.stderr, /'tier' already has a value \(fe\), and --overwrite is false/);
      ok(await k("label", "cm", "from-file", "tier-"));
      assert.equal(ok(await k("get", "cm", "from-file", "-o", "jsonpath={.metadata.labels}")), "");
      ok(
        await k(
          "patch",
          "deploy",
          "web-app",
          "-p",
          '{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"busybox:1.36"}]}}}}',
        ),
      );
      assert.equal(
        ok(
          await k(
            "get",
            "deploy",
            "web-app",
            "-o",
            "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}",
          ),
        ),
        "busybox:1.36 80",
      );
      ok(await k("patch", "deploy", "web-app", "--type=merge", "-p", '{"metadata":{"labels":{"m":"1"}}}'));
      ok(
        await k(
          "patch",
          "deploy",
          "web-app",
          "--type=json",
          "-p",
          '[{"op":"replace","path":"/spec/replicas","value":4}]',
        ),
      );
      assert.equal(
        ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.metadata.labels.m} {.spec.replicas}")),
        "1 4",
      );
      const badJson = await k(
        "patch",
        "deploy",
        "web-app",
        "--type=json",
        "-p",
        '[{"op":"test","path":"/spec/replicas","value":99}]',
      );
      assert.notEqual(badJson.code, 0);
      const gen = Number(ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.metadata.generation}")));
      assert.match(
        ok(await k("scale", "deploy", "web-app", "--replicas=2")),
        /deployment\.apps\/web-app scaled/,
      );
      assert.equal(ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.spec.replicas}")), "2");
      assert.equal(
        Number(ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.metadata.generation}"))),
        gen + 1,
      );
      const cur = await k("scale", "deploy", "web-app", "--current-replicas=7", "--replicas=3");
      assert.notEqual(cur.code, 0, "scale with a wrong --current-replicas precondition fails");
    });

    test("replace, edit with a scripted EDITOR, diff", async () => {
      const live = ok(await k("get", "cm", "from-file", "-o", "yaml"));
      const changed = live.replace(/^  k: v$/m, "  k: replaced");
      assert.match(
        ok(await k("replace", "-f", await file("replace.yaml", changed))),
        /configmap\/from-file replaced/,
      );
      const stale = await k("replace", "-f", join(s.dataDir, "replace.yaml"));
      assert.equal(stale.code, 1);
      assert.match(
        stale.stderr,
        /Operation cannot be fulfilled on configmaps "from-file": the object has been modified; please apply your changes to the latest version and try again/,
      );
      const editor = join(s.dataDir, "editor.sh");
      await writeFile(editor, "#!/bin/sh\nsed -i 's/k: replaced/k: edited/' \"$1\"\n");
      await chmod(editor, 0o755);
      const ed = await s.kubectl(["edit", "cm", "from-file"], {
        env: { EDITOR: editor, KUBE_EDITOR: editor },
      });
      assert.match(ok(ed), /configmap\/from-file edited/);
      assert.equal(ok(await k("get", "cm", "from-file", "-o", "jsonpath={.data.k}")), "edited");
      const diffFile = await file(
        "diff.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\ndata:\n  k: diffed\n",
      );
      const d = await k("diff", "--server-side", "--force-conflicts", "-f", diffFile);
      assert.equal(d.code, 1, "diff exits 1 when there are differences");
      assert.match(d.stdout, /^-\s+k: edited$/m);
      assert.match(d.stdout, /^\+\s+k: diffed$/m);
      assert.equal(
        ok(await k("get", "cm", "from-file", "-o", "jsonpath={.data.k}")),
        "edited",
        "diff (dry run) changed nothing",
      );
    });

    test("explain, including nested fields", async () => {
      const e = ok(await k("explain", "deployment.spec.template.spec.containers.image"));
      assert.match(e, /^KIND:\s+Deployment$/m);
      assert.match(e, /^FIELD:\s+image <string>$/m);
      const top = ok(await k("explain", "pods"));
      assert.match(top, /^VERSION:\s+v1$/m);
      assert.match(top, /^FIELDS:$/m);
      assert.match(top, /^\s+spec\s+<PodSpec>$/m);
    });

    test("get -w prints later changes", async () => {
      const w = s.kubectl(["get", "cm", "-w", "--request-timeout=6s", "-l", "watch=me"], {
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 1500));
      ok(await k("create", "configmap", "watched"));
      ok(await k("label", "cm", "watched", "watch=me"));
      const r = await w;
      assert.match(r.stdout, /^watched\s+0\s+\d+s$/m);
    });

    test("wait --for=condition and --for=jsonpath", async () => {
      // A pod bound to a node that does not exist: no scheduler or kubelet writes its status but us.
      const pod = await file(
        "waitpod.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: waiter}\nspec:\n  nodeName: nowhere\n  containers: [{name: c, image: busybox:1.35}]\n",
      );
      ok(await k("create", "-f", pod));
      const waiting = s.kubectl(["wait", "pod/waiter", "--for=condition=Ready", "--timeout=20s"], {
        timeoutMs: 30_000,
      });
      await new Promise((r) => setTimeout(r, 1000));
      const now = new Date().toISOString().replace(/\.\d+Z/, "Z");
      const status = JSON.stringify({
        status: {
          phase: "Running",
          conditions: [{ type: "Ready", status: "True", lastTransitionTime: now }],
        },
      });
      ok(await k("patch", "pod", "waiter", "--subresource=status", "--type=merge", "-p", status));
      assert.match(ok(await waiting), /pod\/waiter condition met/);
      assert.match(
        ok(await k("wait", "pod/waiter", "--for=jsonpath={.status.phase}=Running", "--timeout=10s")),
        /pod\/waiter condition met/,
      );
      assert.match(
        ok(await k("wait", "cm/from-file", "--for=jsonpath={.data.k}=edited", "--timeout=10s")),
        /configmap\/from-file condition met/,
      );
      const to = await k("wait", "cm/from-file", "--for=jsonpath={.data.k}=never", "--timeout=1s");
      assert.equal(to.code, 1);
      assert.match(to.stderr, /timed out waiting for the condition/);
      ok(await k("delete", "pod", "waiter", "--grace-period=0", "--force", "--wait=false"));
    });

    test("describe shows events for the object", async () => {
      const uid = ok(await k("get", "deploy", "web-app", "-o", "jsonpath={.metadata.uid}"));
      const ev = `apiVersion: v1
kind: Event
metadata: {name: web-app.e2e}
involvedObject: {kind: Deployment, name: web-app, namespace: default, uid: "${uid}", apiVersion: apps/v1}
reason: ScalingReplicaSet
message: Scaled up replica set web-app-abc to 3
type: Normal
source: {component: deployment-controller}
firstTimestamp: "${new Date().toISOString().replace(/\.\d+Z/, "Z")}"
lastTimestamp: "${new Date().toISOString().replace(/\.\d+Z/, "Z")}"
count: 1
`;
      ok(await k("create", "-f", await file("ev.yaml", ev)));
      const d = ok(await k("describe", "deploy", "web-app"));
      assert.match(d, /^Events:$/m);
      assert.match(
        d,
        /Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-app-abc to 3/,
      );
    });

    test("delete by name, -l, --all, --wait", async () => {
      ok(await k("create", "configmap", "del1"));
      ok(await k("create", "configmap", "del2"));
      ok(await k("label", "cm", "del2", "gone=yes"));
      assert.match(ok(await k("delete", "cm", "del1")), /^configmap "del1" deleted$/m);
      assert.match(ok(await k("delete", "cm", "-l", "gone=yes")), /^configmap "del2" deleted$/m);
      ok(await k("create", "configmap", "x1", "-n", "dev"));
      const all = ok(await k("delete", "cm", "--all", "-n", "dev", "--wait"));
      assert.match(all, /configmap "x1" deleted/);
      assert.match(all, /configmap "cfg" deleted/);
      const left = await k("get", "cm", "-n", "dev", "-o", "name");
      assert.doesNotMatch(left.stdout, /x1|cfg/);
      const nf = await k("delete", "cm", "del1");
      assert.match(nf.stderr, /Error from server \(NotFound\): configmaps "del1" not found/);
    });

    test("bad input gets upstream's errors and the server stays up", async () => {
      const bad = await k(
        "apply",
        "-f",
        await file("bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n"),
      );
      assert.notEqual(bad.code, 0);
      assert.match(
        bad.stderr,
        /The ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
      );
      const unknown = await k(
        "create",
        "-f",
        await file("unk.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unk\nbogus: 1\n"),
      );
      assert.notEqual(unknown.code, 0);
      assert.match(unknown.stderr, /unknown field "bogus"/);
      const neg = await k(
        "create",
        "-f",
        await file(
          "neg.yaml",
          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: neg}\nspec:\n  replicas: -1\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: busybox}]}\n",
        ),
      );
      assert.match(
        neg.stderr,
        /The Deployment "neg" is invalid: spec\.replicas: Invalid value: -1: must be greater than or equal to 0/,
      );
      const noImage = await k("run", "noimage", "--image=", "--restart=Never");
      assert.notEqual(noImage.code, 0);
      const nsMissing = await k("create", "configmap", "x", "-n", "does-not-exist");
      assert.match(nsMissing.stderr, /namespaces "does-not-exist" not found/);
      ok(await k("get", "--raw", "/readyz"));
    });

    test("get --raw /metrics: upstream's API server metrics", async () => {
      ok(await k("get", "configmaps", "-n", "kube-system"));
      const text = ok(await k("get", "--raw", "/metrics"));
      // kubectl's own list a moment ago, with every label upstream gives it
      assert.match(
        text,
        /^apiserver_request_total\{verb="LIST",dry_run="",group="",version="v1",resource="configmaps",subresource="",scope="namespace",component="apiserver",code="200"\} \d+$/m,
      );
      assert.match(text, /^# TYPE apiserver_request_duration_seconds histogram$/m);
      assert.match(text, /^apiserver_storage_objects\{resource="namespaces"\} [1-9]\d*$/m);
      assert.match(text, /^apiserver_current_inflight_requests\{request_kind="readOnly"\} \d+$/m);
      assert.match(text, /^process_start_time_seconds \d+/m);
    });

    for (const version of ["1.33", "1.27"]) {
      test(`basics with kubectl ${version}`, async () => {
        const kv = (...a: string[]) => s.kubectl(a, { version });
        const name = `v${version.replace(".", "")}`;
        assert.match(
          ok(await kv("create", "configmap", name, "--from-literal=a=b")),
          new RegExp(`configmap/${name} created`),
        );
        const f = await file(
          `${name}.yaml`,
          `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: busybox:1.35}]}\n`,
        );
        assert.match(ok(await kv("apply", "-f", f)), new RegExp(`deployment.apps/${name} created`));
        assert.match(ok(await kv("get", "deploy", name)), /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
        assert.match(ok(await kv("scale", "deploy", name, "--replicas=2")), /scaled/);
        assert.match(ok(await kv("delete", "cm", name)), /deleted/);
        assert.match(ok(await kv("explain", "deployment.spec.replicas")), /replicas/);
      });
    }

    test("graceful shutdown on SIGTERM", async () => {
      const stopped = new Promise<number | null>((r) => s.proc.once("exit", (c) => r(c)));
      s.proc.kill("SIGTERM");
      assert.equal(await stopped, 0);
    });
  });
}
