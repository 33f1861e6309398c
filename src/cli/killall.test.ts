// `k8ts killall`'s runtime part: the agent's pods go, and with them the runtime's state directory on /run.
// (The rest of killall removes host-wide iptables chains, so only the e2e suite runs it whole.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CONFIG, must } from "../runtime/contract.js";
import { BusyboxRootfsProvider } from "../runtime/runc/busybox-rootfs.js";
import { RuncRuntime, defaultStateDir } from "../runtime/runc/runc-runtime.js";
import { runcSkipReason } from "../runtime/runc/testing.js";
import { removeRuncPods } from "./killall.js";
import { createLogger } from "./log.js";

const skip = runcSkipReason();
const IMAGE = "busybox:test";

test("killall removes the agent's pods and the runc runtime's state directory", { skip }, async () => {
  const base = mkdtempSync(join(tmpdir(), "k8ts-killall-"));
  const agentDir = join(base, "agent");
  const root = join(agentDir, "runtime", "runc");
  const state = defaultStateDir(root);
  const rt = await RuncRuntime.open({
    root,
    rootfs: new BusyboxRootfsProvider(join(base, "image"), IMAGE, IMAGE_CONFIG),
  });
  let closed = false;
  try {
    const config = {
      metadata: { name: "k", uid: "k-uid", namespace: "default", attempt: 0 },
      logDirectory: join(base, "logs"),
    };
    const sandbox = must(await rt.runPodSandbox(config), "runPodSandbox");
    const netns = must(await rt.podSandboxStatus(sandbox), "status").netnsPath;
    const container = must(
      await rt.createContainer(
        sandbox,
        {
          metadata: { name: "c", attempt: 0 },
          image: { image: IMAGE },
          command: ["sleep", "1000"],
          logPath: "c/0.log",
        },
        config,
      ),
      "createContainer",
    );
    must(await rt.startContainer(container), "startContainer");
    await rt.close();
    closed = true;
    assert.ok(existsSync(join(state, "containers", container)));

    await removeRuncPods(agentDir, undefined, createLogger("silent"));
    assert.equal(existsSync(state), false, `${state} left`);
    assert.equal(existsSync(netns), false, `${netns} left`);
    assert.deepEqual(readdirSync(join(root, "containers")), []);
    const mountinfo = readFileSync("/proc/self/mountinfo", "utf8");
    assert.ok(!mountinfo.includes(state) && !mountinfo.includes(agentDir), "mounts left");
    const procs = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.includes(container));
    assert.deepEqual(procs, [], "processes left");
  } finally {
    if (!closed) {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
    }
    rmSync(base, { recursive: true, force: true });
  }
});
