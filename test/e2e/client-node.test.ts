// The official JavaScript client (@kubernetes/client-node) against k8ts: create, list, and an informer's watch.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { backends, startServer, type RunningServer } from "./harness.js";

for (const backend of backends()) {
  describe(`@kubernetes/client-node against k8ts (${backend})`, { concurrency: false }, () => {
    let s: RunningServer;
    let kc: k8s.KubeConfig;
    before(async () => {
      s = await startServer({ backend });
      kc = new k8s.KubeConfig();
      kc.loadFromFile(s.kubeconfig);
    });
    after(async () => {
      await s?.stop();
    });

    test("create and list ConfigMaps, and an informer sees adds, updates and deletes", async () => {
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const informer = k8s.makeInformer(kc, "/api/v1/namespaces/default/configmaps", () =>
        core.listNamespacedConfigMap({ namespace: "default" }),
      );
      const seen: string[] = [];
      const waitFor = (what: string) =>
        new Promise<void>((resolve, reject) => {
          const t = setTimeout(
            () => reject(new Error(`informer never saw ${what}; saw ${seen.join(", ")}`)),
            15_000,
          );
          const check = () => (seen.includes(what) ? (clearTimeout(t), resolve()) : setTimeout(check, 50));
          check();
        });
      informer.on("add", (o) => seen.push(`add:${o.metadata?.name}`));
      informer.on("update", (o) => seen.push(`update:${o.metadata?.name}:${o.data?.k}`));
      informer.on("delete", (o) => seen.push(`delete:${o.metadata?.name}`));
      await informer.start();
      try {
        const created = await core.createNamespacedConfigMap({
          namespace: "default",
          body: { metadata: { name: "from-client" }, data: { k: "1" } },
        });
        assert.ok(created.metadata?.uid);
        assert.match(created.metadata?.resourceVersion ?? "", /^\d+$/);
        await waitFor("add:from-client");
        const list = await core.listNamespacedConfigMap({ namespace: "default" });
        assert.ok(list.items.some((c) => c.metadata?.name === "from-client"));
        await core.replaceNamespacedConfigMap({
          name: "from-client",
          namespace: "default",
          body: { ...created, data: { k: "2" } },
        });
        await waitFor("update:from-client:2");
        await core.deleteNamespacedConfigMap({ name: "from-client", namespace: "default" });
        await waitFor("delete:from-client");
        await assert.rejects(
          core.readNamespacedConfigMap({ name: "from-client", namespace: "default" }),
          (e: any) => e.code === 404,
        );
      } finally {
        await informer.stop();
      }
    });

    test("apps/v1 Deployments through the typed client", async () => {
      const apps = kc.makeApiClient(k8s.AppsV1Api);
      const d = await apps.createNamespacedDeployment({
        namespace: "default",
        body: {
          metadata: { name: "cn-deploy" },
          spec: {
            selector: { matchLabels: { app: "cn" } },
            template: {
              metadata: { labels: { app: "cn" } },
              spec: { containers: [{ name: "c", image: "busybox:1.35" }] },
            },
          },
        },
      });
      assert.equal(d.spec?.replicas, 1, "replicas defaulted");
      assert.equal(d.spec?.strategy?.type, "RollingUpdate");
      assert.equal(d.spec?.template.spec?.containers[0]?.imagePullPolicy, "IfNotPresent");
      assert.equal(d.metadata?.generation, 1);
    });
  });
}
