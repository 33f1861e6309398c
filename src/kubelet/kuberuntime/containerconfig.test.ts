import { test } from "node:test";
import assert from "node:assert/strict";
import {
  containerConfig,
  nodenameForKernel,
  podSandboxConfig,
  verifyRunAsNonRoot,
} from "./containerconfig.js";
import { testPod } from "./testpods.js";

test("runAsNonRoot: upstream's messages for root images, non-numeric users and runAsUser 0", () => {
  const pod = testPod({ securityContext: { runAsNonRoot: true } });
  const c = pod.spec!.containers[0];
  assert.equal(
    verifyRunAsNonRoot(pod, c, { uid: 0, username: "" }),
    'container has runAsNonRoot and image will run as root (pod: "web_default(u1)", container: web)',
  );
  assert.equal(
    verifyRunAsNonRoot(pod, c, { username: "nobody" }),
    'container has runAsNonRoot and image has non-numeric user (nobody), cannot verify user is non-root (pod: "web_default(u1)", container: web)',
  );
  assert.equal(verifyRunAsNonRoot(pod, c, { uid: 1000, username: "" }), undefined);
  const explicit = testPod({ securityContext: { runAsNonRoot: true, runAsUser: 0 } });
  assert.equal(
    verifyRunAsNonRoot(explicit, explicit.spec!.containers[0], { uid: 1000, username: "" }),
    `container's runAsUser breaks non-root policy (pod: "web_default(u1)", container: web)`,
  );
  assert.equal(verifyRunAsNonRoot(testPod(), c, { uid: 0, username: "" }), undefined);
});

test("sandbox config: log directory, labels, host namespaces, hostPort mappings", () => {
  const pod = testPod({
    hostNetwork: true,
    hostIPC: true,
    containers: [
      { name: "web", image: "x", ports: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81 }] },
    ],
  });
  const c = podSandboxConfig(pod, { attempt: 1, podLogsDir: "/logs", hostname: "web" });
  assert.equal(c.logDirectory, "/logs/default_web_u1");
  assert.equal(c.metadata.attempt, 1);
  assert.equal(c.labels?.["io.kubernetes.pod.uid"], "u1");
  assert.equal(c.linux?.networkMode, "NODE");
  assert.equal(c.linux?.ipcMode, "NODE");
  assert.deepEqual(c.portMappings, [{ protocol: "TCP", containerPort: 80, hostPort: 8080 }]);
});

test("container config: labels, restartCount annotation, log path, resources and securityContext", () => {
  const pod = testPod({
    containers: [
      {
        name: "web",
        image: "busybox:1.35",
        command: ["httpd"],
        resources: { requests: { cpu: "250m" }, limits: { cpu: "500m", memory: "64Mi" } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        },
      },
    ],
  });
  const cfg = containerConfig(pod, pod.spec!.containers[0], {
    type: "CONTAINER",
    restartCount: 3,
    envs: [],
    mounts: [],
  });
  assert.equal(cfg.logPath, "web/3.log");
  assert.equal(cfg.metadata.attempt, 3);
  assert.equal(cfg.labels?.["io.kubernetes.container.name"], "web");
  assert.equal(cfg.annotations?.["io.kubernetes.container.restartCount"], "3");
  assert.deepEqual(cfg.linux?.resources, {
    cpuShares: 256,
    cpuPeriod: 100000,
    cpuQuota: 50000,
    memoryLimitInBytes: 67108864,
  });
  assert.deepEqual(cfg.linux?.securityContext, {
    readonlyRootfs: true,
    noNewPrivs: true,
    capabilities: { dropCapabilities: ["ALL"] },
  });
  assert.deepEqual(cfg.command, ["httpd"]);
});

test("setHostnameAsFQDN puts the FQDN in the kernel hostname, at most 64 characters", () => {
  assert.deepEqual(nodenameForKernel("web", "sub.default.svc.cluster.local", false), { hostname: "web" });
  assert.deepEqual(nodenameForKernel("web", "sub.default.svc.cluster.local", true), {
    hostname: "web.sub.default.svc.cluster.local",
  });
  assert.deepEqual(nodenameForKernel("web", "", true), { hostname: "web" });
  const long = nodenameForKernel("a".repeat(40), "sub.default.svc.cluster.local", true);
  assert.match(
    "error" in long ? long.error : "",
    /^failed to construct FQDN from pod hostname and cluster domain, FQDN a+\.sub\.default\.svc\.cluster\.local is too long \(64 characters is the max, 70 characters requested\)$/,
  );
});
