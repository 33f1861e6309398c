// Runs the runtime contract against runc, then checks that many pods leave nothing behind.
// Needs root and runc (CI runs as root with runc installed); skips and says why otherwise.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CONFIG, must, runRuntimeContract, waitExited } from "../contract.js";
import { BusyboxRootfsProvider } from "./busybox-rootfs.js";
import { leftoverCgroups } from "./cgroups.js";
import { RuncRuntime, defaultStateDir } from "./runc-runtime.js";
import { runcSkipReason } from "./testing.js";

const skip = runcSkipReason();
const IMAGE = "busybox:test";

async function open(base: string): Promise<RuncRuntime> {
  return RuncRuntime.open({
    root: join(base, "state"),
    rootfs: new BusyboxRootfsProvider(join(base, "image"), IMAGE, IMAGE_CONFIG),
  });
}

if (skip) {
  test("runc runtime", (t) => t.skip(skip));
} else {
  runRuntimeContract("runc", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-runc-"));
    let current = await open(base);
    return {
      runtime: current,
      image: { image: IMAGE },
      logRoot: join(base, "logs"),
      restart: async () => {
        await current.close();
        current = await open(base);
        return current;
      },
      cleanup: async () => {
        for (const s of await current.listPodSandbox()) await current.removePodSandbox(s.id);
        await current.close();
        rmSync(base, { recursive: true, force: true });
        rmSync(defaultStateDir(join(base, "state")), { recursive: true, force: true });
      },
    };
  });

  test("nothing leaks: 100 pods with two containers each are created and removed", async () => {
    const base = mkdtempSync(join(tmpdir(), "k8ts-runc-leak-"));
    const rt = await open(base);
    try {
      const pods = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const config = {
            metadata: { name: `leak${i}`, uid: `leak-${i}`, namespace: "default", attempt: 0 },
            logDirectory: join(base, "logs", `leak${i}`),
          };
          const id = must(await rt.runPodSandbox(config), "runPodSandbox");
          const ids: string[] = [];
          for (const [name, cmd] of [
            ["sleeper", ["sleep", "1000"]],
            ["quick", ["sh", "-c", "echo hi"]],
          ] as const) {
            const cid = must(
              await rt.createContainer(
                id,
                {
                  metadata: { name, attempt: 0 },
                  image: { image: IMAGE },
                  command: [...cmd],
                  logPath: `${name}/0.log`,
                },
                config,
              ),
              "create",
            );
            must(await rt.startContainer(cid), "start");
            ids.push(cid);
          }
          await waitExited(rt, ids[1]);
          return { id, netns: must(await rt.podSandboxStatus(id), "status").netnsPath };
        }),
      );
      assert.equal((await rt.listContainers({ state: "CONTAINER_RUNNING" })).length, 100);
      for (const { id } of pods) must(await rt.removePodSandbox(id), "remove");
      assert.deepEqual(await rt.listPodSandbox(), []);
      assert.deepEqual(await rt.listContainers(), []);
      const diskDir = join(base, "state");
      const stateDir = defaultStateDir(diskDir);
      const mounts = readFileSync("/proc/self/mountinfo", "utf8")
        .split("\n")
        .filter((l) => l.includes(stateDir) || l.includes(diskDir));
      assert.deepEqual(mounts, [], "mounts left");
      const procs = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
        .split("\n")
        .filter((l) => l.includes(stateDir));
      assert.deepEqual(procs, [], "processes left");
      const mountinfo = readFileSync("/proc/self/mountinfo", "utf8");
      for (const { id, netns } of pods) {
        assert.ok(netns.startsWith("/run/netns/"), netns);
        assert.equal(existsSync(netns), false, `network namespace ${netns} left`);
        // the pinned IPC and UTS namespaces (bind mounts under /run/k8ts/ns)
        for (const kind of ["ipc", "uts"]) {
          const pin = `/run/k8ts/ns/${id.slice(0, 16)}-${kind}`;
          assert.equal(existsSync(pin), false, `${pin} left`);
          assert.ok(!mountinfo.includes(pin), `${pin} still mounted`);
        }
        assert.deepEqual(leftoverCgroups(id), [], "cgroups left");
      }
      assert.deepEqual(readdirSync(join(stateDir, "containers")), []);
      assert.deepEqual(readdirSync(join(stateDir, "sandboxes")), []);
      assert.deepEqual(readdirSync(join(stateDir, "runc")), [], "runc state left");
      assert.deepEqual(readdirSync(join(diskDir, "containers")), [], "writable layers left");
    } finally {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
      rmSync(base, { recursive: true, force: true });
      rmSync(defaultStateDir(join(base, "state")), { recursive: true, force: true });
    }
  });
}
