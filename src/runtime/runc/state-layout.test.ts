// Where the runc runtime keeps things: records, bundles, FIFOs and runc's own state in the state directory (a
// tmpfs), containers' writable layers on disk under root; a new runtime on the same root adopts what runs,
// removes layers no container has any more and the layout of versions that kept everything under root.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CONFIG, must } from "../contract.js";
import type { PodSandboxConfig } from "../cri.js";
import { BusyboxRootfsProvider } from "./busybox-rootfs.js";
import { RuncRuntime, defaultStateDir } from "./runc-runtime.js";
import { runcSkipReason } from "./testing.js";

const skip = runcSkipReason();
const IMAGE = "busybox:test";
const TMPFS_MAGIC = 0x01021994;

function open(base: string, state?: string): Promise<RuncRuntime> {
  return RuncRuntime.open({
    root: join(base, "root"),
    ...(state ? { state } : {}),
    rootfs: new BusyboxRootfsProvider(join(base, "image"), IMAGE, IMAGE_CONFIG),
  });
}

function sandboxConfig(base: string, name: string): PodSandboxConfig {
  return {
    metadata: { name, uid: `${name}-uid`, namespace: "default", attempt: 0 },
    logDirectory: join(base, "logs", name),
  };
}

async function runSleeper(rt: RuncRuntime, base: string, name: string, script: string) {
  const config = sandboxConfig(base, name);
  const sandbox = must(await rt.runPodSandbox(config), "runPodSandbox");
  const container = must(
    await rt.createContainer(
      sandbox,
      {
        metadata: { name: "c", attempt: 0 },
        image: { image: IMAGE },
        command: ["sh", "-c", script],
        logPath: "c/0.log",
      },
      config,
    ),
    "createContainer",
  );
  must(await rt.startContainer(container), "startContainer");
  return { sandbox, container };
}

async function waitFor(what: string, cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), what);
}

function mountsUnder(dir: string): string[] {
  return readFileSync("/proc/self/mountinfo", "utf8")
    .split("\n")
    .filter((l) => l.split(" ")[4]?.startsWith(dir + "/"));
}

function processesNaming(text: string): string[] {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(text));
}

if (skip) {
  test("runc runtime state layout", (t) => t.skip(skip));
} else {
  test("state on a tmpfs, writable layers on disk; a new runtime adopts the containers and removes orphan layers", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-runc-layout-"));
    const root = join(base, "root");
    const state = defaultStateDir(root);
    let rt = await open(base);
    try {
      const { sandbox, container } = await runSleeper(
        rt,
        base,
        "layout",
        "echo data >/written; exec sleep 1000",
      );
      const upper = join(root, "containers", container, "upper");
      // the shell makes the file, then writes to it: wait for the content
      const written = () =>
        existsSync(join(upper, "written")) ? readFileSync(join(upper, "written"), "utf8") : "";
      await waitFor("the container's write reaches its upper dir", () => written() === "data\n");

      assert.equal(statfsSync(state).type, TMPFS_MAGIC, `${state} is not on a tmpfs`);
      const cdir = join(state, "containers", container);
      assert.ok(existsSync(join(state, "sandboxes", sandbox, "sandbox.json")));
      assert.ok(existsSync(join(state, "sandboxes", sandbox, "hostname")));
      assert.ok(existsSync(join(cdir, "container.json")));
      assert.ok(existsSync(join(cdir, "bundle", "config.json")));
      assert.ok(lstatSync(join(cdir, "stdout.fifo")).isFIFO());
      assert.ok(existsSync(join(cdir, "shim.pid")));
      assert.ok(existsSync(join(state, "runc", container, "state.json")), "runc's root is in the state dir");
      // on disk: the writable layer and nothing else
      assert.deepEqual(readdirSync(root), ["containers"]);
      assert.deepEqual(readdirSync(join(root, "containers")), [container]);
      assert.deepEqual(readdirSync(join(root, "containers", container)).sort(), ["upper", "work"]);

      // a layer whose container has no state (as after a reboot emptied /run)
      const orphan = join(root, "containers", "f".repeat(64));
      mkdirSync(join(orphan, "upper"), { recursive: true });
      writeFileSync(join(orphan, "upper", "left"), "x");

      await rt.close();
      rt = await open(base);
      assert.equal(existsSync(orphan), false, "orphan layer left");
      assert.deepEqual(readdirSync(join(root, "containers")), [container]);
      assert.deepEqual(
        (await rt.listPodSandbox()).map((s) => [s.id, s.state]),
        [[sandbox, "SANDBOX_READY"]],
      );
      assert.equal(must(await rt.containerStatus(container), "status").state, "CONTAINER_RUNNING");

      must(await rt.removePodSandbox(sandbox), "removePodSandbox");
      assert.deepEqual(readdirSync(join(root, "containers")), []);
      assert.deepEqual(readdirSync(join(state, "containers")), []);
      assert.deepEqual(readdirSync(join(state, "sandboxes")), []);
      assert.deepEqual(readdirSync(join(state, "runc")), []);
      assert.deepEqual(mountsUnder(state), []);
      // closing a runtime with nothing in it leaves no directory in /run
      await rt.close();
      assert.equal(existsSync(state), false, `${state} left`);
      rt = await open(base);
    } finally {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
      rmSync(base, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    }
  });

  test("the layout of earlier versions (everything under root) is removed: its sandboxes, containers and mounts", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-runc-oldlayout-"));
    const root = join(base, "root");
    // a runtime whose state is its root keeps everything where earlier versions did
    const old = await open(base, root);
    let rt: RuncRuntime | undefined;
    try {
      const { sandbox, container } = await runSleeper(old, base, "old", "exec sleep 1000");
      const netns = must(await old.podSandboxStatus(sandbox), "status").netnsPath;
      assert.ok(existsSync(join(root, "containers", container, "container.json")));
      assert.ok(existsSync(join(root, "sandboxes", sandbox, "sandbox.json")));
      assert.ok(existsSync(join(root, "runc", container)));
      assert.notDeepEqual(mountsUnder(root), []);
      await old.close();

      rt = await open(base);
      assert.deepEqual(await rt.listPodSandbox(), []);
      assert.deepEqual(readdirSync(root), ["containers"]);
      assert.deepEqual(readdirSync(join(root, "containers")), []);
      assert.deepEqual(mountsUnder(root), [], "mounts left under root");
      assert.deepEqual(processesNaming(container), [], "the old container's processes are left");
      assert.equal(existsSync(netns), false, `network namespace ${netns} left`);
      for (const kind of ["ipc", "uts"])
        assert.equal(existsSync(`/run/k8ts/ns/${sandbox.slice(0, 16)}-${kind}`), false, `${kind} pin left`);
    } finally {
      // if the new runtime did not come up, the old one removes what it made
      if (rt) await rt.close();
      else for (const s of await old.listPodSandbox()) await old.removePodSandbox(s.id);
      rmSync(base, { recursive: true, force: true });
      rmSync(defaultStateDir(root), { recursive: true, force: true });
    }
  });
}
