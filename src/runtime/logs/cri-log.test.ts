import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { CriLogWriter, criTimestamp, parseCriLogLine } from "./cri-log.js";

function withDir(fn: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), "crilog-"));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test("timestamps are RFC3339 with nanoseconds", () => {
  assert.match(criTimestamp(), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
});

test(
  "full lines, split lines and an unterminated tail",
  withDir(async (dir) => {
    const path = join(dir, "c", "0.log");
    const w = new CriLogWriter(path, { maxLineBytes: 8, now: () => "T" });
    const out = new PassThrough();
    const err = new PassThrough();
    const done = Promise.all([w.follow("stdout", out), w.follow("stderr", err)]);
    out.write("hello\nwor");
    err.write("oops\n");
    out.write("ld\n0123456789abc\ntail");
    out.end();
    err.end();
    await done;
    w.close();
    assert.equal(
      readFileSync(path, "utf8"),
      [
        "T stdout F hello",
        "T stderr F oops",
        "T stdout F world",
        "T stdout P 01234567",
        "T stdout F 89abc",
        "T stdout P tail",
        "",
      ].join("\n"),
    );
    assert.deepEqual(parseCriLogLine("T stdout F a b"), {
      time: "T",
      stream: "stdout",
      partial: false,
      content: "a b",
    });
    assert.equal(parseCriLogLine("garbage"), null);
  }),
);

test(
  "rotates by size and keeps maxFiles",
  withDir((dir) => {
    const path = join(dir, "0.log");
    const w = new CriLogWriter(path, { maxSize: 100, maxFiles: 3, now: () => "T" });
    for (let i = 0; i < 50; i++) w.write("stdout", Buffer.from(`line ${i} ${"x".repeat(20)}\n`));
    w.close();
    const files = readdirSync(dir).sort();
    assert.equal(files.length, 3, files.join(","));
    const live = readFileSync(path, "utf8");
    assert.ok(live.length <= 100);
    assert.match(live, /line 49 /);
  }),
);
