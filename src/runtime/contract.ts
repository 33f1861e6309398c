// The one contract every RuntimeService passes (as the store backends share one suite). A runtime's test
// file calls runRuntimeContract with a factory for a fresh runtime whose image (RuntimeUnderTest.image)
// has busybox's sh, echo, cat, sleep, id, hostname and dd, and whose image config is IMAGE_CONFIG.
// Isolation cases run only when status().features says the runtime enforces them.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import type { Readable } from "node:stream";
import type {
  ContainerConfig,
  ContainerStatus,
  ImageConfig,
  ImageSpec,
  PodSandboxConfig,
  RuntimeFeatures,
  RuntimeResult,
  RuntimeService,
} from "./cri.js";
import { parseCriLogLine } from "./logs/cri-log.js";

/** The image config the test image must carry. */
export const IMAGE_CONFIG: ImageConfig = {
  cmd: ["sh", "-c", "echo from-image-cmd"],
  env: ["IMAGE_ENV=from-image"],
};

export interface RuntimeUnderTest {
  runtime: RuntimeService;
  image: ImageSpec;
  /** Directory the contract may use for sandbox log directories. */
  logRoot: string;
  /** A second runtime on the same state, as after a restart of the kubelet (closes the first). */
  restart?: () => Promise<RuntimeService>;
  cleanup(): Promise<void>;
}

const WAIT_MS = 20_000;

export function must<T>(r: RuntimeResult<T>, what: string): T {
  if (!r.ok) assert.fail(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export async function waitExited(rt: RuntimeService, id: string): Promise<ContainerStatus> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const st = must(await rt.containerStatus(id), "containerStatus");
    if (st.state === "CONTAINER_EXITED") return st;
    if (Date.now() > deadline) assert.fail(`container ${id} did not exit: ${JSON.stringify(st)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function logLines(path: string): { stream: string; content: string }[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const p = parseCriLogLine(l);
      assert.ok(p, `not a CRI log line: ${l}`);
      return { stream: p.stream, content: p.content };
    });
}

function readAll(r: Readable | undefined): Promise<string> {
  if (!r) return Promise.resolve("");
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    r.on("data", (c: Buffer) => chunks.push(c));
    r.once("end", () => resolve(Buffer.concat(chunks).toString()));
    r.once("close", () => resolve(Buffer.concat(chunks).toString()));
  });
}

let seq = 0;

export function runRuntimeContract(name: string, factory: () => Promise<RuntimeUnderTest>): void {
  describe(`runtime contract: ${name}`, () => {
    let t: RuntimeUnderTest;
    let rt: RuntimeService;
    let features: RuntimeFeatures;

    before(async () => {
      t = await factory();
      rt = t.runtime;
      features = (await rt.status()).features;
    });
    after(async () => {
      for (const s of await rt.listPodSandbox()) await rt.removePodSandbox(s.id);
      await rt.close();
      await t.cleanup();
    });

    const sandboxConfig = (extra: Partial<PodSandboxConfig> = {}): PodSandboxConfig => {
      const n = ++seq;
      return {
        metadata: { name: `pod${n}`, uid: `uid-${n}-${process.pid}`, namespace: "default", attempt: 0 },
        hostname: `pod${n}`,
        logDirectory: `${t.logRoot}/pod${n}`,
        labels: { "io.kubernetes.pod.name": `pod${n}` },
        ...extra,
      };
    };
    const containerConfig = (name: string, extra: Partial<ContainerConfig> = {}): ContainerConfig => ({
      metadata: { name, attempt: 0 },
      image: t.image,
      logPath: `${name}/0.log`,
      labels: { "io.kubernetes.container.name": name },
      ...extra,
    });
    const runPod = async (
      extra: Partial<PodSandboxConfig> = {},
    ): Promise<{ id: string; config: PodSandboxConfig }> => {
      const config = sandboxConfig(extra);
      return { id: must(await rt.runPodSandbox(config), "runPodSandbox"), config };
    };
    const run = async (
      pod: { id: string; config: PodSandboxConfig },
      c: ContainerConfig,
    ): Promise<string> => {
      const id = must(await rt.createContainer(pod.id, c, pod.config), "createContainer");
      must(await rt.startContainer(id), "startContainer");
      return id;
    };
    const output = async (
      pod: { id: string; config: PodSandboxConfig },
      name: string,
      cmd: string[],
      extra: Partial<ContainerConfig> = {},
    ): Promise<{ status: ContainerStatus; out: string }> => {
      const id = await run(pod, containerConfig(name, { command: cmd, ...extra }));
      const status = await waitExited(rt, id);
      const out = logLines(status.logPath)
        .map((l) => l.content)
        .join("\n");
      return { status, out };
    };

    test("version and status", async () => {
      const v = await rt.version();
      assert.ok(v.runtimeName.length > 0);
      const st = await rt.status();
      assert.equal(st.conditions.find((c) => c.type === "RuntimeReady")?.status, true);
    });

    test("sandbox lifecycle: run, status, list, stop, remove", async () => {
      const pod = await runPod();
      const st = must(await rt.podSandboxStatus(pod.id), "status");
      assert.equal(st.state, "SANDBOX_READY");
      assert.equal(st.metadata.name, pod.config.metadata.name);
      assert.ok(st.createdAt > 0);
      assert.ok((await rt.listPodSandbox({ labelSelector: pod.config.labels })).some((s) => s.id === pod.id));
      must(await rt.stopPodSandbox(pod.id), "stop");
      must(await rt.stopPodSandbox(pod.id), "stop again");
      assert.equal(must(await rt.podSandboxStatus(pod.id), "status").state, "SANDBOX_NOTREADY");
      assert.deepEqual(
        (await rt.listPodSandbox({ id: pod.id, state: "SANDBOX_READY" })).map((s) => s.id),
        [],
      );
      must(await rt.removePodSandbox(pod.id), "remove");
      must(await rt.removePodSandbox(pod.id), "remove again");
      const gone = await rt.podSandboxStatus(pod.id);
      assert.equal(gone.ok ? "ok" : gone.error.code, "NotFound");
    });

    test("exit codes, reasons, times and CRI logs", async () => {
      const pod = await runPod();
      const failed = await output(pod, "fails", ["sh", "-c", "echo hello; echo oops >&2; exit 3"]);
      assert.equal(failed.status.exitCode, 3);
      assert.equal(failed.status.reason, "Error");
      assert.ok(failed.status.startedAt > 0 && failed.status.finishedAt >= failed.status.startedAt);
      assert.ok(failed.status.startedAt >= failed.status.createdAt);
      const lines = logLines(failed.status.logPath);
      assert.deepEqual(
        lines.filter((l) => l.stream === "stdout").map((l) => l.content),
        ["hello"],
      );
      assert.deepEqual(
        lines.filter((l) => l.stream === "stderr").map((l) => l.content),
        ["oops"],
      );
      assert.equal(failed.status.logPath, `${pod.config.logDirectory}/fails/0.log`);

      const done = await output(pod, "completes", ["sh", "-c", "exit 0"]);
      assert.equal(done.status.exitCode, 0);
      assert.equal(done.status.reason, "Completed");
    });

    test("image Cmd and Env combine with the container's", async () => {
      const pod = await runPod();
      const fromImage = await output(pod, "img", [], { command: undefined });
      assert.equal(fromImage.out, "from-image-cmd");
      const env = await output(pod, "env", ["sh", "-c", 'echo "$IMAGE_ENV $MINE"'], {
        envs: [{ key: "MINE", value: "x y" }],
      });
      assert.equal(env.out, "from-image x y");
      const override = await output(pod, "override", ["sh", "-c", 'echo "$IMAGE_ENV"'], {
        envs: [{ key: "IMAGE_ENV", value: "mine" }],
      });
      assert.equal(override.out, "mine");
      const args = await output(pod, "args", ["sh", "-c"], { args: ['echo "$0"', "arg0"] });
      assert.equal(args.out, "arg0");
    });

    test("stop sends SIGTERM, then SIGKILL after the timeout", async () => {
      const pod = await runPod();
      const graceful = await run(
        pod,
        containerConfig("graceful", {
          command: ["sh", "-c", "trap 'exit 7' TERM; echo ready; while true; do sleep 0.05; done"],
        }),
      );
      const stubborn = await run(
        pod,
        containerConfig("stubborn", {
          command: ["sh", "-c", "trap '' TERM; while true; do sleep 0.05; done"],
        }),
      );
      assert.equal(must(await rt.containerStatus(graceful), "status").state, "CONTAINER_RUNNING");
      await waitForLog(rt, graceful, "ready");
      must(await rt.stopContainer(graceful, 10), "stop");
      const g = must(await rt.containerStatus(graceful), "status");
      assert.equal(g.state, "CONTAINER_EXITED");
      assert.equal(g.exitCode, 7);
      must(await rt.stopContainer(stubborn, 1), "stop");
      const s = must(await rt.containerStatus(stubborn), "status");
      assert.equal(s.state, "CONTAINER_EXITED");
      assert.equal(s.exitCode, 137);
      must(await rt.stopContainer(stubborn, 1), "stop again");
    });

    test("execSync returns output and exit code; DeadlineExceeded after the timeout", async () => {
      const pod = await runPod();
      const id = await run(pod, containerConfig("sleeper", { command: ["sleep", "1000"] }));
      const r = must(await rt.execSync(id, ["sh", "-c", "echo out; echo err >&2; exit 5"], 10), "execSync");
      assert.equal(r.stdout.toString(), "out\n");
      assert.equal(r.stderr.toString(), "err\n");
      assert.equal(r.exitCode, 5);
      const slow = await rt.execSync(id, ["sleep", "30"], 1);
      assert.equal(slow.ok ? "ok" : slow.error.code, "DeadlineExceeded");
      const missing = await rt.execSync("no-such-container", ["true"], 1);
      assert.equal(missing.ok ? "ok" : missing.error.code, "NotFound");
      must(await rt.stopContainer(id, 0), "stop");
      const stopped = await rt.execSync(id, ["true"], 1);
      assert.equal(stopped.ok ? "ok" : stopped.error.code, "FailedPrecondition");
    });

    test("streaming exec carries stdin, stdout, stderr and the exit code", async () => {
      const pod = await runPod();
      const id = await run(pod, containerConfig("sleeper", { command: ["sleep", "1000"] }));
      const s = must(
        await rt.exec({
          containerId: id,
          cmd: ["sh", "-c", "cat; echo bye >&2; exit 2"],
          stdin: true,
          stdout: true,
          stderr: true,
        }),
        "exec",
      );
      const out = readAll(s.stdout);
      const err = readAll(s.stderr);
      s.stdin?.end("abc\n");
      assert.equal(await s.exit, 2);
      assert.equal(await out, "abc\n");
      assert.equal(await err, "bye\n");
    });

    test("exec with a terminal: a tty of the requested size", async () => {
      const pod = await runPod();
      const id = await run(pod, containerConfig("sleeper", { command: ["sleep", "1000"] }));
      const s = must(
        await rt.exec({
          containerId: id,
          // The size arrives asynchronously (SIGWINCH), so the command waits for it a bounded while.
          cmd: [
            "sh",
            "-c",
            'read x; [ -t 0 ] && echo is-a-tty; i=0; while [ "$(stty size)" != "30 100" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; stty size; exit 3',
          ],
          tty: true,
          stdin: true,
          stdout: true,
        }),
        "exec",
      );
      const out = readAll(s.stdout);
      s.resize({ width: 100, height: 30 });
      s.stdin?.write("go\n");
      assert.equal(await s.exit, 3);
      const text = await out;
      assert.match(text, /is-a-tty\r?\n/);
      assert.match(text, /30 100/);
    });

    test("attach sees the container's output and feeds its stdin", async () => {
      const pod = await runPod();
      const id = await run(
        pod,
        containerConfig("echoer", {
          command: ["sh", "-c", "echo started; while read l; do echo got:$l; done"],
          stdin: true,
        }),
      );
      const a = must(await rt.attach({ containerId: id, stdin: true, stdout: true, stderr: true }), "attach");
      const seen: string[] = [];
      a.stdout?.on("data", (c: Buffer) => seen.push(c.toString()));
      a.stdin?.write("one\n");
      const deadline = Date.now() + WAIT_MS;
      while (!seen.join("").includes("got:one")) {
        if (Date.now() > deadline) assert.fail(`attach saw ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      a.close();
      await waitForLog(rt, id, "got:one");
    });

    test("a container with a terminal: attach types into it and resizes it", async () => {
      const pod = await runPod();
      const id = await run(
        pod,
        containerConfig("tty", {
          // The size arrives asynchronously (SIGWINCH), so the command waits for it a bounded while.
          command: [
            "sh",
            "-c",
            'read x; [ -t 0 ] && echo is-a-tty; i=0; while [ "$(stty size)" != "20 70" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; stty size; echo got:$x',
          ],
          stdin: true,
          tty: true,
        }),
      );
      const a = must(await rt.attach({ containerId: id, stdin: true, stdout: true }), "attach");
      a.resize({ width: 70, height: 20 });
      a.stdin?.write("hello\n");
      const st = await waitExited(rt, id);
      assert.equal(st.exitCode, 0);
      const out = logLines(st.logPath).map((l) => l.content.replace(/\r$/, ""));
      assert.ok(out.includes("is-a-tty"), JSON.stringify(out));
      assert.ok(out.includes("20 70"), JSON.stringify(out));
      assert.ok(out.includes("got:hello"), JSON.stringify(out));
    });

    test("list and filter containers; stats of a running one", async () => {
      const pod = await runPod();
      const other = await runPod();
      const a = await run(pod, containerConfig("a", { command: ["sleep", "1000"], labels: { app: "a" } }));
      const b = await run(other, containerConfig("b", { command: ["sleep", "1000"], labels: { app: "b" } }));
      assert.deepEqual(
        (await rt.listContainers({ podSandboxId: pod.id })).map((c) => c.id),
        [a],
      );
      assert.deepEqual(
        (await rt.listContainers({ labelSelector: { app: "b" } })).map((c) => c.id),
        [b],
      );
      assert.equal((await rt.listContainers({ id: a, state: "CONTAINER_RUNNING" })).length, 1);
      const st = must(await rt.containerStats(a), "stats");
      assert.equal(st.id, a);
      assert.ok(st.memoryWorkingSetBytes > 0, JSON.stringify(st));
      assert.ok((await rt.listContainerStats({ podSandboxId: pod.id })).some((s) => s.id === a));
      must(await rt.removePodSandbox(other.id), "remove sandbox");
      const gone = await rt.containerStatus(b);
      assert.equal(gone.ok ? "ok" : gone.error.code, "NotFound");
    });

    test("portForward connects to a port inside the sandbox; a closed port is an error", async () => {
      const pod = await runPod();
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      await run(
        pod,
        containerConfig("echo", { command: ["busybox", "nc", "-l", "-p", String(port), "-e", "cat"] }),
      );
      /** One exchange over a forwarded connection: the bytes echoed back, or the error. */
      const exchange = async (p: number): Promise<string> => {
        const r = await rt.portForward(pod.id, p);
        if (!r.ok) return `error: ${r.error.message}`;
        const conn = r.value;
        return new Promise((resolve) => {
          let got = "";
          conn.on("data", (b: Buffer) => {
            got += b.toString();
            if (got.includes("\n")) {
              conn.destroy();
              resolve(got);
            }
          });
          conn.once("error", (e) => resolve(`error: ${e.message}`));
          conn.once("end", () => resolve(got || "error: closed"));
          conn.write("hello-pf\n");
        });
      };
      let echoed = "";
      const deadline = Date.now() + WAIT_MS;
      while (Date.now() < deadline) {
        echoed = await exchange(port);
        if (!echoed.startsWith("error")) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(echoed, "hello-pf\n");
      assert.match(await exchange(port === 65535 ? 1 : port + 1), /^error: .*(refused|closed)/i);
      const missing = await rt.portForward("no-such-sandbox", port);
      assert.equal(missing.ok ? "ok" : missing.error.code, "NotFound");
    });

    test("bad input is a value: missing sandbox, missing command, missing container", async () => {
      const pod = await runPod();
      const noSandbox = await rt.createContainer("no-such-sandbox", containerConfig("x"), pod.config);
      assert.equal(noSandbox.ok ? "ok" : noSandbox.error.code, "NotFound");
      const created = await rt.createContainer(
        pod.id,
        containerConfig("nocmd", { command: ["/no/such/binary"] }),
        pod.config,
      );
      const started = created.ok ? await rt.startContainer(created.value) : created;
      assert.equal(started.ok, false, "a command that is not there cannot start");
      if (created.ok) {
        const st = must(await rt.containerStatus(created.value), "status");
        assert.equal(st.state, "CONTAINER_EXITED");
        assert.equal(st.reason, "StartError");
        assert.equal(st.exitCode, 128);
        assert.match(st.message, /\/no\/such\/binary/);
      }
      const missing = await rt.containerStatus("no-such-container");
      assert.equal(missing.ok ? "ok" : missing.error.code, "NotFound");
      must(await rt.removeContainer("no-such-container"), "remove missing");
      const startMissing = await rt.startContainer("no-such-container");
      assert.equal(startMissing.ok ? "ok" : startMissing.error.code, "NotFound");
      const id = await run(pod, containerConfig("twice", { command: ["sh", "-c", "exit 0"] }));
      await waitExited(rt, id);
      const again = await rt.startContainer(id);
      assert.equal(again.ok ? "ok" : again.error.code, "FailedPrecondition");
      must(await rt.removeContainer(id), "remove");
      assert.equal((await rt.listContainers({ id })).length, 0);
    });

    test("a restarted runtime adopts running containers and exited ones", async (tc) => {
      if (!features.survivesRestart || !t.restart) {
        tc.skip("runtime does not keep containers across restarts (features.survivesRestart=false)");
        return;
      }
      const pod = await runPod();
      const running = await run(
        pod,
        containerConfig("running", {
          command: ["sh", "-c", "echo before; read x; echo after:$x; exit 4"],
          stdin: true,
        }),
      );
      await waitForLog(rt, running, "before");
      rt = await t.restart();
      assert.equal(must(await rt.containerStatus(running), "status").state, "CONTAINER_RUNNING");
      const a = must(await rt.attach({ containerId: running, stdin: true }), "attach");
      a.stdin?.write("again\n");
      const st = await waitExited(rt, running);
      assert.equal(st.exitCode, 4);
      assert.deepEqual(
        logLines(st.logPath).map((l) => l.content),
        ["before", "after:again"],
      );
      assert.equal(must(await rt.podSandboxStatus(pod.id), "sandbox").state, "SANDBOX_READY");
    });

    describe("isolation", () => {
      const needs = (tc: { skip(m: string): void }, f: keyof RuntimeFeatures): boolean => {
        if (features[f]) return true;
        tc.skip(`runtime reports ${f}=false`);
        return false;
      };

      test("containers of a pod share its network, IPC and UTS namespaces and hostname", async (tc) => {
        if (!needs(tc, "namespaces")) return;
        const pod = await runPod();
        const ns = ["sh", "-c", "for n in net ipc uts; do readlink /proc/self/ns/$n; done; hostname"];
        const a = await output(pod, "a", ns);
        const b = await output(pod, "b", ns);
        assert.equal(a.out, b.out);
        assert.match(a.out, /^net:\[\d+\]\nipc:\[\d+\]\nuts:\[\d+\]\n/);
        assert.match(a.out, new RegExp(`\n${pod.config.hostname}$`));
        const host = readlinkSync("/proc/self/ns/net");
        assert.ok(!a.out.includes(host), `pod shares the host network namespace: ${a.out}`);
        const other = await output(await runPod(), "c", ns);
        assert.notEqual(other.out.split("\n")[0], a.out.split("\n")[0]);
        const st = must(await rt.podSandboxStatus(pod.id), "status");
        assert.ok(st.netnsPath.length > 0);
      });

      test("hostNetwork and hostIPC pods share the host's namespaces and hostname", async (tc) => {
        if (!needs(tc, "namespaces")) return;
        const pod = await runPod({ linux: { networkMode: "NODE", ipcMode: "NODE" } });
        const r = await output(pod, "host", [
          "sh",
          "-c",
          "for n in net ipc uts; do readlink /proc/self/ns/$n; done; hostname",
        ]);
        const host = ["net", "ipc", "uts"].map((n) => readlinkSync(`/proc/self/ns/${n}`));
        assert.equal(r.out, [...host, hostname()].join("\n"));
        assert.equal(must(await rt.podSandboxStatus(pod.id), "status").netnsPath, "");
      });

      test("the image's filesystem is the container's root", async (tc) => {
        if (!needs(tc, "imageFilesystem")) return;
        const pod = await runPod();
        // The sandbox's log directory exists on the host (this container logs there) but not in the image.
        const r = await output(pod, "fs", [
          "sh",
          "-c",
          `echo written > /newfile && cat /newfile && ([ -e ${pod.config.logDirectory} ] && echo host-visible || echo isolated)`,
        ]);
        assert.equal(r.out, "written\nisolated");
        const second = await output(pod, "fs2", ["sh", "-c", "cat /newfile 2>/dev/null || echo fresh"]);
        assert.equal(second.out, "fresh", "each container gets its own writable layer");
      });

      test("memory limit: an OOM kill is reason OOMKilled, exit 137", async (tc) => {
        if (!needs(tc, "resourceLimits")) return;
        const pod = await runPod();
        const r = await output(pod, "hog", ["dd", "if=/dev/zero", "of=/dev/null", "bs=64M", "count=1"], {
          linux: { resources: { memoryLimitInBytes: 16 * 1024 * 1024 } },
        });
        assert.equal(r.status.exitCode, 137);
        assert.equal(r.status.reason, "OOMKilled");
        const fine = await output(pod, "fine", ["dd", "if=/dev/zero", "of=/dev/null", "bs=1M", "count=1"], {
          linux: { resources: { memoryLimitInBytes: 16 * 1024 * 1024 } },
        });
        assert.equal(fine.status.exitCode, 0);
      });

      test("cpu and pids limits reach the container's cgroup", async (tc) => {
        if (!needs(tc, "resourceLimits")) return;
        const pod = await runPod();
        const r = await output(
          pod,
          "limits",
          [
            "sh",
            "-c",
            "cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/pids/pids.max",
          ],
          {
            linux: { resources: { cpuShares: 512, cpuPeriod: 100000, cpuQuota: 50000, pidsLimit: 64 } },
          },
        );
        assert.equal(r.out, "512\n50000\n64");
      });

      test("securityContext: user, group, read-only root, capabilities, noNewPrivs, privileged", async (tc) => {
        if (!needs(tc, "securityContext")) return;
        const pod = await runPod();
        const user = await output(
          pod,
          "user",
          ["sh", "-c", "id -u; id -g; grep NoNewPrivs /proc/self/status"],
          {
            linux: { securityContext: { runAsUser: 1000, runAsGroup: 2000, noNewPrivs: true } },
          },
        );
        assert.equal(user.out, "1000\n2000\nNoNewPrivs:\t1");
        const ro = await output(
          pod,
          "ro",
          ["sh", "-c", "touch /x 2>/dev/null && echo writable || echo readonly"],
          {
            linux: { securityContext: { readonlyRootfs: true } },
          },
        );
        assert.equal(ro.out, "readonly");
        const capEff = async (name: string, sc: object): Promise<bigint> => {
          const r = await output(pod, name, ["sh", "-c", "grep CapEff /proc/self/status"], {
            linux: { securityContext: sc },
          });
          return BigInt("0x" + r.out.split("\t")[1]);
        };
        const NET_RAW = 1n << 13n;
        const NET_ADMIN = 1n << 12n;
        const SYS_ADMIN = 1n << 21n;
        const dflt = await capEff("capdefault", {});
        assert.ok(
          (dflt & NET_RAW) !== 0n && (dflt & NET_ADMIN) === 0n && (dflt & SYS_ADMIN) === 0n,
          dflt.toString(16),
        );
        const changed = await capEff("capchanged", {
          capabilities: { addCapabilities: ["NET_ADMIN"], dropCapabilities: ["NET_RAW"] },
        });
        assert.ok((changed & NET_RAW) === 0n && (changed & NET_ADMIN) !== 0n, changed.toString(16));
        assert.equal(await capEff("capnone", { capabilities: { dropCapabilities: ["ALL"] } }), 0n);
        const priv = await capEff("priv", { privileged: true });
        assert.ok((priv & SYS_ADMIN) !== 0n);
      });
    });
  });
}

async function waitForLog(rt: RuntimeService, id: string, text: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const st = must(await rt.containerStatus(id), "status");
    let found = false;
    try {
      found = logLines(st.logPath).some((l) => l.content.includes(text));
    } catch {
      found = false;
    }
    if (found) return;
    if (Date.now() > deadline) assert.fail(`log of ${id} never showed ${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
