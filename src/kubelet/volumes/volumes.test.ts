import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap } from "../../api/core/v1/configmap.js";
import type { Container } from "../../api/core/v1/container.js";
import type { Pod } from "../../api/core/v1/pod.js";
import type { Secret } from "../../api/core/v1/secret.js";
import type { Volume } from "../../api/core/v1/volume.js";
import { silentLogger } from "../../client/log.js";
import { VolumeManager, type VolumeSources } from "./index.js";
import { mountsUnder } from "./mount.js";

const b64 = (s: string) => Buffer.from(s).toString("base64");

function setup(o: { cms?: ConfigMap[]; secrets?: Secret[]; memory?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), "kubelet-vol-"));
  const tokenRequests: unknown[] = [];
  const sources: VolumeSources = {
    getConfigMap: (ns, name) =>
      Promise.resolve(o.cms?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name)),
    getSecret: (ns, name) =>
      Promise.resolve(o.secrets?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name)),
    requestServiceAccountToken: (ns, sa, req) => {
      tokenRequests.push({ ns, sa, req });
      return Promise.resolve({ token: `token-${tokenRequests.length}` });
    },
    nodeName: "node-a",
    allocatable: { cpu: "4", memory: "8Gi" },
  };
  const podsDir = join(root, "pods");
  const clock = { now: Date.now() };
  const vm = new VolumeManager({
    podsDir,
    sources,
    log: silentLogger,
    memoryBackedSecrets: o.memory ?? false,
    now: () => clock.now,
  });
  return {
    root,
    podsDir,
    vm,
    tokenRequests,
    clock,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

function pod(volumes: Volume[], containers: Container[] = [{ name: "app" }], uid = "uid-1"): Pod {
  return {
    metadata: { name: "web", namespace: "shop", uid, labels: { app: "web" }, annotations: { a: "1" } },
    spec: { volumes, containers, serviceAccountName: "robot" },
  };
}

const cm = {
  metadata: { namespace: "shop", name: "app-config" },
  data: { "app.conf": "mode=fast\n", level: "3" },
  binaryData: { "blob.bin": b64("\u0001\u0002") },
} as ConfigMap;
const secret = {
  metadata: { namespace: "shop", name: "creds" },
  data: { password: b64("s3cret") },
} as Secret;

test("configMap volume: every key, or the listed items with their paths and modes", async () => {
  const t = setup({ cms: [cm] });
  try {
    const p = pod([
      { name: "all", configMap: { name: "app-config", defaultMode: 0o640 } },
      {
        name: "some",
        configMap: { name: "app-config", items: [{ key: "level", path: "conf/level.txt", mode: 0o600 }] },
      },
    ]);
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    const all = join(t.podsDir, "uid-1/volumes/kubernetes.io~configmap/all");
    assert.equal(readFileSync(join(all, "app.conf"), "utf8"), "mode=fast\n");
    assert.deepEqual([...readFileSync(join(all, "blob.bin"))], [1, 2]);
    assert.equal(statSync(join(all, "level")).mode & 0o777, 0o640);
    assert.equal(readlinkSync(join(all, "level")), "..data/level");
    const some = join(t.podsDir, "uid-1/volumes/kubernetes.io~configmap/some");
    assert.equal(readFileSync(join(some, "conf/level.txt"), "utf8"), "3");
    assert.equal(statSync(join(some, "conf/level.txt")).mode & 0o777, 0o600);
    assert.ok(!existsSync(join(some, "app.conf")));

    // A re-run within the resync period leaves the contents; one after it picks up changed data through a
    // new ..data.
    const before = readlinkSync(join(all, "..data"));
    cm.data!.level = "4";
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    assert.equal(readFileSync(join(all, "level"), "utf8"), "3");
    t.clock.now += 10_000;
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    assert.equal(readFileSync(join(all, "level"), "utf8"), "4");
    assert.notEqual(readlinkSync(join(all, "..data")), before);
    cm.data!.level = "3";
  } finally {
    t.cleanup();
  }
});

test("missing objects and keys: upstream's FailedMount messages; optional sources are empty", async () => {
  const t = setup({ cms: [cm], secrets: [secret] });
  try {
    const cases: [Volume, string][] = [
      [
        { name: "config", configMap: { name: "nope" } },
        'MountVolume.SetUp failed for volume "config" : configmap "nope" not found',
      ],
      [
        { name: "config", configMap: { name: "app-config", items: [{ key: "missing", path: "m" }] } },
        'MountVolume.SetUp failed for volume "config" : configmap references non-existent config key: missing',
      ],
      [
        { name: "s", secret: { secretName: "nope" } },
        'MountVolume.SetUp failed for volume "s" : secret "nope" not found',
      ],
      [
        { name: "s", secret: { secretName: "creds", items: [{ key: "missing", path: "m" }] } },
        'MountVolume.SetUp failed for volume "s" : secret references non-existent secret key: missing',
      ],
      [
        { name: "data", persistentVolumeClaim: { claimName: "c" } },
        'MountVolume.SetUp failed for volume "data" : no volume plugin matched',
      ],
    ];
    for (const [v, message] of cases) assert.deepEqual(await t.vm.setUpPod(pod([v])), { ok: false, message });
    const opt = pod([
      { name: "o1", configMap: { name: "nope", optional: true } },
      { name: "o2", secret: { secretName: "creds", optional: true, items: [{ key: "missing", path: "m" }] } },
    ]);
    assert.deepEqual(await t.vm.setUpPod(opt), { ok: true });
    assert.ok(existsSync(join(t.podsDir, "uid-1/volumes/kubernetes.io~configmap/o1/..data")));
  } finally {
    t.cleanup();
  }
});

test("secret and downwardAPI volumes", async () => {
  const t = setup({ secrets: [secret] });
  try {
    const containers: Container[] = [{ name: "app", resources: { limits: { cpu: "500m", memory: "64Mi" } } }];
    const p = pod(
      [
        { name: "s", secret: { secretName: "creds", defaultMode: 0o400 } },
        {
          name: "info",
          downwardAPI: {
            items: [
              { path: "labels", fieldRef: { fieldPath: "metadata.labels" } },
              { path: "name", fieldRef: { fieldPath: "metadata.name" } },
              { path: "app", fieldRef: { fieldPath: "metadata.labels['app']" } },
              {
                path: "cpu_limit",
                resourceFieldRef: { containerName: "app", resource: "limits.cpu", divisor: "1m" },
              },
              {
                path: "mem_limit",
                resourceFieldRef: { containerName: "app", resource: "limits.memory", divisor: "1Mi" },
              },
            ],
          },
        },
      ],
      containers,
    );
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    const s = join(t.podsDir, "uid-1/volumes/kubernetes.io~secret/s");
    assert.equal(readFileSync(join(s, "password"), "utf8"), "s3cret");
    assert.equal(statSync(join(s, "password")).mode & 0o777, 0o400);
    const info = join(t.podsDir, "uid-1/volumes/kubernetes.io~downward-api/info");
    assert.equal(readFileSync(join(info, "labels"), "utf8"), 'app="web"');
    assert.equal(readFileSync(join(info, "name"), "utf8"), "web");
    assert.equal(readFileSync(join(info, "app"), "utf8"), "web");
    assert.equal(readFileSync(join(info, "cpu_limit"), "utf8"), "500");
    assert.equal(readFileSync(join(info, "mem_limit"), "utf8"), "64");
  } finally {
    t.cleanup();
  }
});

test("projected kube-api-access: a bound token, kube-root-ca.crt and the namespace; the token is reused", async () => {
  const ca = {
    metadata: { namespace: "shop", name: "kube-root-ca.crt" },
    data: { "ca.crt": "-----BEGIN CERTIFICATE-----\n" },
  } as ConfigMap;
  const t = setup({ cms: [ca] });
  try {
    const p = pod([
      {
        name: "kube-api-access-abcde",
        projected: {
          defaultMode: 0o644,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            {
              downwardAPI: {
                items: [
                  { path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } },
                ],
              },
            },
          ],
        },
      },
    ]);
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    const dir = join(t.podsDir, "uid-1/volumes/kubernetes.io~projected/kube-api-access-abcde");
    assert.equal(readFileSync(join(dir, "token"), "utf8"), "token-1");
    assert.equal(readFileSync(join(dir, "ca.crt"), "utf8"), "-----BEGIN CERTIFICATE-----\n");
    assert.equal(readFileSync(join(dir, "namespace"), "utf8"), "shop");
    assert.deepEqual(t.tokenRequests, [
      {
        ns: "shop",
        sa: "robot",
        req: { audiences: [], expirationSeconds: 3607, pod: { name: "web", uid: "uid-1" } },
      },
    ]);
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    assert.equal(t.tokenRequests.length, 1, "a fresh token is not requested again");
    const noCA = pod([
      {
        name: "x",
        projected: { sources: [{ configMap: { name: "absent" } }, { secret: { name: "gone" } }] },
      },
    ]);
    assert.deepEqual(await t.vm.setUpPod(noCA), {
      ok: false,
      message:
        'MountVolume.SetUp failed for volume "x" : [configmap "absent" not found, secret "gone" not found]',
    });
  } finally {
    t.cleanup();
  }
});

test("emptyDir on disk and hostPath types", async () => {
  const t = setup();
  const sock = createServer();
  try {
    const host = join(t.root, "host");
    mkdirSync(host);
    writeFileSync(join(host, "file"), "x");
    const sockPath = join(host, "s.sock");
    await new Promise<void>((r) => sock.listen(sockPath, r));
    const ok = pod([
      { name: "scratch", emptyDir: {} },
      { name: "mk", hostPath: { path: join(host, "made/dir"), type: "DirectoryOrCreate" } },
      { name: "mkf", hostPath: { path: join(host, "new-file"), type: "FileOrCreate" } },
      { name: "d", hostPath: { path: host, type: "Directory" } },
      { name: "f", hostPath: { path: join(host, "file"), type: "File" } },
      { name: "s", hostPath: { path: sockPath, type: "Socket" } },
      { name: "any", hostPath: { path: join(host, "does-not-matter") } },
    ]);
    assert.deepEqual(await t.vm.setUpPod(ok), { ok: true });
    const scratch = join(t.podsDir, "uid-1/volumes/kubernetes.io~empty-dir/scratch");
    assert.equal(statSync(scratch).mode & 0o777, 0o777);
    assert.ok(statSync(join(host, "made/dir")).isDirectory());
    assert.equal(readFileSync(join(host, "new-file"), "utf8"), "");
    const bad: [Volume, string][] = [
      [
        { name: "h", hostPath: { path: join(host, "file"), type: "Directory" } },
        `hostPath type check failed: ${join(host, "file")} is not a directory`,
      ],
      [
        { name: "h", hostPath: { path: host, type: "File" } },
        `hostPath type check failed: ${host} is not a file`,
      ],
      [
        { name: "h", hostPath: { path: join(host, "file"), type: "Socket" } },
        `hostPath type check failed: ${join(host, "file")} is not a socket file`,
      ],
      [
        { name: "h", hostPath: { path: join(host, "nope"), type: "CharDevice" } },
        `hostPath type check failed: ${join(host, "nope")} is not a character device`,
      ],
      [
        { name: "h", hostPath: { path: join(host, "no/parent"), type: "FileOrCreate" } },
        `open ${join(host, "no/parent")}: no such file or directory`,
      ],
      [{ name: "h", hostPath: { path: host, type: "Weird" } }, "Weird is an invalid volume type"],
    ];
    for (const [v, err] of bad)
      assert.deepEqual(await t.vm.setUpPod(pod([v])), {
        ok: false,
        message: `MountVolume.SetUp failed for volume "h" : ${err}`,
      });
  } finally {
    sock.close();
    t.cleanup();
  }
});

test("containerMounts: readOnly, propagation, subPath, subPathExpr and upstream's errors", async () => {
  const t = setup({ cms: [cm] });
  try {
    const host = join(t.root, "host");
    mkdirSync(host);
    const volumes: Volume[] = [
      { name: "config", configMap: { name: "app-config" } },
      { name: "scratch", emptyDir: {} },
      { name: "h", hostPath: { path: host } },
    ];
    const c: Container = {
      name: "app",
      volumeMounts: [
        { name: "config", mountPath: "/etc/app" },
        { name: "config", mountPath: "/etc/level", subPath: "level" },
        { name: "scratch", mountPath: "/data", subPath: "logs/app" },
        { name: "scratch", mountPath: "/per-pod", subPathExpr: "$(POD_NAME)" },
        { name: "h", mountPath: "/host", readOnly: true, mountPropagation: "HostToContainer" },
      ],
    };
    const p = pod(volumes, [c]);
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    const r = t.vm.containerMounts(p, c, [{ key: "POD_NAME", value: "web" }]);
    assert.ok(r.ok, !r.ok ? r.message : "");
    const vol = (k: string, n: string) => join(t.podsDir, "uid-1/volumes", k, n);
    const cfgData = readlinkSync(join(vol("kubernetes.io~configmap", "config"), "..data"));
    assert.deepEqual(r.mounts, [
      {
        containerPath: "/etc/app",
        hostPath: vol("kubernetes.io~configmap", "config"),
        readonly: true,
        propagation: "PROPAGATION_PRIVATE",
      },
      {
        containerPath: "/etc/level",
        hostPath: join(vol("kubernetes.io~configmap", "config"), cfgData, "level"),
        readonly: true,
        propagation: "PROPAGATION_PRIVATE",
      },
      {
        containerPath: "/data",
        hostPath: join(vol("kubernetes.io~empty-dir", "scratch"), "logs/app"),
        readonly: false,
        propagation: "PROPAGATION_PRIVATE",
      },
      {
        containerPath: "/per-pod",
        hostPath: join(vol("kubernetes.io~empty-dir", "scratch"), "web"),
        readonly: false,
        propagation: "PROPAGATION_PRIVATE",
      },
      {
        containerPath: "/host",
        hostPath: host,
        readonly: true,
        propagation: "PROPAGATION_HOST_TO_CONTAINER",
      },
    ]);
    assert.ok(statSync(join(vol("kubernetes.io~empty-dir", "scratch"), "logs/app")).isDirectory());

    // A symlink inside the volume that points outside it is refused.
    symlinkSync("/etc", join(vol("kubernetes.io~empty-dir", "scratch"), "escape"));
    const errs: [Container["volumeMounts"], string][] = [
      [[{ name: "nope", mountPath: "/x" }], 'cannot find volume "nope" to mount into container "app"'],
      [
        [{ name: "scratch", mountPath: "/x", subPath: "/abs" }],
        "error SubPath `/abs` must not be an absolute path",
      ],
      [
        [{ name: "scratch", mountPath: "/x", subPath: "a/../../b" }],
        "unable to provision SubPath `a/../../b`: must not contain '..'",
      ],
      [[{ name: "scratch", mountPath: "/x", subPathExpr: "$(A)/$(B)" }], "missing value for A, B"],
      [
        [{ name: "scratch", mountPath: "/x", subPath: "escape" }],
        'failed to prepare subPath for volumeMount "scratch" of container "app"',
      ],
      [
        [{ name: "scratch", mountPath: "/x", subPath: "escape/new" }],
        'failed to create subPath directory for volumeMount "scratch" of container "app"',
      ],
      [
        [{ name: "scratch", mountPath: "/x", mountPropagation: "Sideways" }],
        'invalid MountPropagation mode: "Sideways"',
      ],
    ];
    for (const [volumeMounts, message] of errs) {
      const bad: Container = { name: "app", volumeMounts };
      assert.deepEqual(t.vm.containerMounts(p, bad, []), { ok: false, message });
    }
    assert.ok(!existsSync("/etc/new"), "nothing was created outside the volume");

    await t.vm.tearDownPod("uid-1");
    assert.ok(!existsSync(join(t.podsDir, "uid-1")));
    assert.ok(existsSync(host), "hostPath contents are the host's and stay");
  } finally {
    t.cleanup();
  }
});

const whySkipMount =
  process.getuid?.() !== 0
    ? "needs root to mount tmpfs"
    : process.platform !== "linux"
      ? "Linux only"
      : undefined;

test(
  "medium Memory and secrets are tmpfs with upstream's size; tearDownPod unmounts them",
  { skip: whySkipMount },
  async () => {
    const t = setup({ secrets: [secret], memory: true });
    try {
      const p = pod(
        [
          { name: "cache", emptyDir: { medium: "Memory", sizeLimit: "16Mi" } },
          { name: "s", secret: { secretName: "creds" } },
        ],
        [{ name: "app", resources: { limits: { memory: "64Mi" } } }],
        `uid-${process.pid}-${Date.now()}`,
      );
      const uid = p.metadata!.uid!;
      assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
      assert.deepEqual(await t.vm.setUpPod(p), { ok: true }, "idempotent: no second mount");
      const cache = join(t.podsDir, uid, "volumes/kubernetes.io~empty-dir/cache");
      const s = join(t.podsDir, uid, "volumes/kubernetes.io~secret/s");
      assert.deepEqual(mountsUnder(join(t.podsDir, uid)).sort(), [cache, s].sort());
      const opts = (dir: string) =>
        execFileSync("findmnt", ["-n", "-o", "FSTYPE,OPTIONS", dir], { encoding: "utf8" });
      assert.match(opts(cache), /^tmpfs .*size=16384k/);
      assert.match(opts(s), /^tmpfs .*size=65536k/, "a secret volume is limited by the pod's memory limit");
      assert.equal(readFileSync(join(s, "password"), "utf8"), "s3cret");
      writeFileSync(join(cache, "x"), "in memory");
      await t.vm.tearDownPod(uid);
      assert.deepEqual(mountsUnder(join(t.podsDir, uid)), []);
      assert.ok(!existsSync(join(t.podsDir, uid)));
    } finally {
      for (const mp of mountsUnder(t.root)) execFileSync("umount", ["-l", mp]);
      t.cleanup();
    }
  },
);

test("fsGroup: volumes get the group with group access; tokens 0640", { skip: whySkipMount }, async () => {
  const t = setup({ cms: [cm] });
  try {
    const p = pod([
      { name: "scratch", emptyDir: {} },
      { name: "config", configMap: { name: "app-config" } },
      {
        name: "token",
        projected: { sources: [{ serviceAccountToken: { path: "token", expirationSeconds: 3600 } }] },
      },
    ]);
    p.spec!.securityContext = { fsGroup: 4321 };
    assert.deepEqual(await t.vm.setUpPod(p), { ok: true });
    const vol = (k: string, n: string) => join(t.podsDir, "uid-1/volumes", k, n);
    const scratch = statSync(vol("kubernetes.io~empty-dir", "scratch"));
    assert.equal(scratch.gid, 4321);
    assert.equal(scratch.mode & 0o7777, 0o2777);
    const level = statSync(join(vol("kubernetes.io~configmap", "config"), "level"));
    assert.equal(level.gid, 4321);
    assert.equal(level.mode & 0o777, 0o644);
    const token = statSync(join(vol("kubernetes.io~projected", "token"), "token"));
    assert.equal(token.gid, 4321);
    assert.equal(token.mode & 0o777, 0o640);
  } finally {
    t.cleanup();
  }
});
