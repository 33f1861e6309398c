import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ForkedSpawner, inProcessSpawner, type Spawner } from "./spawner.js";

// A process that says ready, then records whether the file beforeGo wrote existed when "go" arrived.
const handshakeScript = `echo ready; read go; [ -e "$1/before" ] && echo "$go" > "$1/after"`;

for (const [name, make] of [
  ["in process", () => inProcessSpawner],
  ["forked", () => new ForkedSpawner()],
] as const) {
  test(`spawner (${name}): exit code, stdout, stderr, stdin, env`, async () => {
    const s: Spawner = make();
    try {
      const r = await s.run("sh", ["-c", 'read x; echo "out:$x:$FOO"; echo err >&2; exit 3'], {
        stdin: "hello\n",
        env: { FOO: "bar", PATH: process.env.PATH },
      });
      assert.equal(r.code, 3);
      assert.equal(r.stdout, "out:hello:bar\n");
      assert.equal(r.stderr, "err\n");
      assert.equal(r.error, undefined);
    } finally {
      s.close();
    }
  });

  test(`spawner (${name}): stdin and stdout larger than a pipe's buffer, and maxBuffer`, async () => {
    const s: Spawner = make();
    try {
      const input = "0123456789abcdef".repeat(64 * 1024); // 1 MiB, sixteen pipe buffers
      const echoed = await s.run("cat", [], { stdin: input });
      assert.equal(echoed.code, 0);
      assert.equal(echoed.stdout.length, input.length);
      assert.ok(echoed.stdout === input, "stdout is stdin, byte for byte");
      const capped = await s.run("cat", [], { stdin: input, maxBuffer: 1000 });
      assert.equal(capped.code, 0);
      assert.equal(capped.stdout.length, 1000, "stdout beyond maxBuffer is dropped");
      assert.ok(capped.stdout === input.slice(0, 1000));
      const cwd = await s.run("pwd", [], { cwd: "/" });
      assert.equal(cwd.stdout, "/\n");
    } finally {
      s.close();
    }
  });

  test(`spawner (${name}): a missing program is an error value, not a throw`, async () => {
    const s: Spawner = make();
    try {
      const r = await s.run("/nonexistent/k8ts-no-such-binary", []);
      assert.equal(r.code, 1);
      assert.match(r.error ?? "", /ENOENT/);
    } finally {
      s.close();
    }
  });

  test(`spawner (${name}): a timeout kills the process`, async () => {
    const s: Spawner = make();
    try {
      const r = await s.run("sleep", ["10"], { timeoutMs: 100 });
      assert.equal(r.signal, "SIGTERM");
      assert.notEqual(r.code, 0);
    } finally {
      s.close();
    }
  });

  test(`spawner (${name}): handshake runs beforeGo before the process goes on`, async () => {
    const s: Spawner = make();
    const dir = mkdtempSync(join(tmpdir(), "k8ts-spawner-"));
    try {
      const pid = await s.handshake("sh", ["-c", handshakeScript, "hs", dir], () =>
        writeFileSync(join(dir, "before"), "x"),
      );
      assert.ok(pid > 0);
      for (let i = 0; i < 200 && !existsSync(join(dir, "after")); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.equal(readFileSync(join(dir, "after"), "utf8"), "go\n");
    } finally {
      s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`spawner (${name}): a beforeGo that throws kills the process and rejects`, async () => {
    const s: Spawner = make();
    const dir = mkdtempSync(join(tmpdir(), "k8ts-spawner-"));
    try {
      await assert.rejects(
        s.handshake("sh", ["-c", handshakeScript, "hs", dir], () => {
          throw new Error("FIFOs not openable");
        }),
        /FIFOs not openable/,
      );
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(existsSync(join(dir, "after")), false);
    } finally {
      s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`spawner (${name}): a process that exits before ready rejects`, async () => {
    const s: Spawner = make();
    try {
      await assert.rejects(
        s.handshake("sh", ["-c", "exit 4"], () => undefined),
        /exited early with 4/,
      );
    } finally {
      s.close();
    }
  });
}

test("forked spawner: comes back after its process dies", async () => {
  const s = new ForkedSpawner();
  try {
    const first = await s.run("sh", ["-c", "echo $PPID"]);
    const helperPid = Number(first.stdout.trim());
    assert.notEqual(helperPid, process.pid, "started by the helper, not by this process");
    process.kill(helperPid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    const again = await s.run("echo", ["ok"]);
    assert.equal(again.stdout, "ok\n");
  } finally {
    s.close();
  }
});

test("forked spawner: requests in flight at once go to different fork servers", async () => {
  const s = new ForkedSpawner({ processes: 2 });
  try {
    const ppid = (r: { stdout: string }) => Number(r.stdout.trim());
    const [a, b] = await Promise.all([
      s.run("sh", ["-c", "echo $PPID; sleep 0.2"]),
      s.run("sh", ["-c", "echo $PPID; sleep 0.2"]),
    ]);
    assert.notEqual(ppid(a), process.pid);
    assert.notEqual(ppid(b), process.pid);
    assert.notEqual(ppid(a), ppid(b), "both requests went to one fork server");
    // one at a time: the least busy (both idle) is the first again
    const c = await s.run("sh", ["-c", "echo $PPID"]);
    assert.equal(ppid(c), ppid(a));
  } finally {
    s.close();
  }
});

test("forked spawner: requests after close are refused, as error values", async () => {
  const s = new ForkedSpawner();
  s.close();
  const r = await s.run("true", []);
  assert.equal(r.code, 1);
  assert.match(r.error ?? "", /closed/);
  await assert.rejects(
    s.handshake("true", [], () => undefined),
    /closed/,
  );
});
