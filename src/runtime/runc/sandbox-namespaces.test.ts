// A sandbox's namespaces come from one unshare: the network one is a mount of a namespace under /run/netns
// (as `ip netns add` makes it), the IPC and UTS ones are pinned beside it with the pod's hostname set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CONFIG, logLines, must, waitExited } from "../contract.js";
import { BusyboxRootfsProvider } from "./busybox-rootfs.js";
import { RuncRuntime, defaultStateDir } from "./runc-runtime.js";
import { pinNamespaces, unpinNamespaces } from "./sandbox-namespaces.js";
import { runcSkipReason } from "./testing.js";

const skip = runcSkipReason();
const IMAGE = "busybox:test";

/** The filesystem type mounted at path, "" when nothing is. */
function mountedType(path: string): string {
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const f = line.split(" ");
    if (f[4] === path) return f[f.indexOf("-", 6) + 1] ?? "";
  }
  return "";
}

if (skip) {
  test("sandbox namespaces", (t) => t.skip(skip));
} else {
  test("a sandbox's network namespace is an ip netns; its hostname and loopback are set up", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-runc-ns-"));
    const root = join(base, "root");
    const rt = await RuncRuntime.open({
      root,
      rootfs: new BusyboxRootfsProvider(join(base, "image"), IMAGE, IMAGE_CONFIG),
    });
    try {
      const config = {
        metadata: { name: "ns", uid: "ns-uid", namespace: "default", attempt: 0 },
        hostname: "ns-test-host",
        logDirectory: join(base, "logs"),
      };
      // a hostname the kernel refuses: the sandbox fails as a whole and leaves nothing
      const bad = await rt.runPodSandbox({ ...config, hostname: "h".repeat(100) });
      assert.ok(!bad.ok);
      assert.match(bad.error.message, /^creating the IPC and UTS namespaces: hostname/);
      assert.deepEqual(await rt.listPodSandbox(), []);
      assert.deepEqual(readdirSync(join(defaultStateDir(root), "sandboxes")), []);

      const sandbox = must(await rt.runPodSandbox(config), "runPodSandbox");
      const netns = must(await rt.podSandboxStatus(sandbox), "status").netnsPath;
      const name = netns.slice("/run/netns/".length);
      assert.equal(mountedType(netns), "nsfs", `${netns} is not a mounted namespace`);
      assert.ok(execFileSync("ip", ["netns", "list"], { encoding: "utf8" }).includes(name));
      // no pod network: the runtime brought loopback up itself
      assert.match(
        execFileSync("ip", ["-n", name, "link", "show", "lo"], { encoding: "utf8" }),
        /<[^>]*\bUP\b/,
      );
      const pins = ["ipc", "uts"].map((k) => `/run/k8ts/ns/${sandbox.slice(0, 16)}-${k}`);
      for (const p of pins) assert.equal(mountedType(p), "nsfs", `${p} is not a mounted namespace`);

      const container = must(
        await rt.createContainer(
          sandbox,
          {
            metadata: { name: "c", attempt: 0 },
            image: { image: IMAGE },
            command: ["sh", "-c", "hostname; readlink /proc/self/ns/net"],
            logPath: "c/0.log",
          },
          config,
        ),
        "createContainer",
      );
      must(await rt.startContainer(container), "startContainer");
      const st = await waitExited(rt, container);
      assert.equal(st.exitCode, 0);
      const [host, ns] = logLines(st.logPath).map((l) => l.content);
      assert.equal(host, "ns-test-host");
      const pinned = execFileSync("nsenter", [`--net=${netns}`, "readlink", "/proc/self/ns/net"], {
        encoding: "utf8",
      }).trim();
      assert.equal(ns, pinned, "the container is not in the sandbox's network namespace");

      must(await rt.removePodSandbox(sandbox), "removePodSandbox");
      for (const p of [netns, ...pins]) {
        assert.equal(existsSync(p), false, `${p} left`);
        assert.equal(mountedType(p), "", `${p} still mounted`);
      }
    } finally {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
      rmSync(base, { recursive: true, force: true });
      rmSync(defaultStateDir(root), { recursive: true, force: true });
    }
  });

  test("a failed set-up says which namespaces failed and undoes what it pinned; unpinning removes the pins", async () => {
    const tag = randomBytes(6).toString("hex");
    const pins = {
      net: `/run/netns/k8ts-test-${tag}`,
      ipc: `/run/k8ts/ns/test-${tag}-ipc`,
      uts: `/run/k8ts/ns/test-${tag}-uts`,
    };
    try {
      // longer than the kernel's 64-byte limit: sethostname fails after the namespaces are pinned
      const failed = await pinNamespaces(pins, "h".repeat(100), false);
      assert.match(failed, /^creating the IPC and UTS namespaces: hostname/);
      // what it pinned before the failure is undone
      for (const p of Object.values(pins)) {
        assert.equal(existsSync(p), false, `${p} left`);
        assert.equal(mountedType(p), "", `${p} still mounted`);
      }

      // a name in use is not taken over (ip netns add's O_EXCL)
      writeFileSync(pins.net, "");
      const taken = await pinNamespaces(pins, "h", false);
      assert.match(taken, /^creating network namespace: Cannot create namespace file/);
      assert.equal(mountedType(pins.net), "");
      assert.ok(existsSync(pins.net), "a file it did not make is removed");

      // a set-up that works, undone by unpinNamespaces
      rmSync(pins.net);
      assert.equal(await pinNamespaces(pins, "h", true), "");
      for (const p of Object.values(pins)) assert.equal(mountedType(p), "nsfs");
      assert.equal(await unpinNamespaces(pins), "");
      for (const p of Object.values(pins)) {
        assert.equal(existsSync(p), false, `${p} left`);
        assert.equal(mountedType(p), "", `${p} still mounted`);
      }
    } finally {
      await unpinNamespaces(pins);
    }
  });
}
