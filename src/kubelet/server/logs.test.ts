import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { criTimeMs, parseLogOptions, readLogs, rfc3339Nano, type LogOptions } from "./logs.js";

const rec = (t: string, stream: string, tag: string, content: string) => `${t} ${stream} ${tag} ${content}\n`;
const T = (s: number) => `2026-01-02T03:04:0${s}.120000000Z`;

function collect(
  path: string,
  o: Partial<LogOptions>,
  running: () => Promise<boolean> = () => Promise.resolve(false),
) {
  let out = "";
  return readLogs(
    path,
    { follow: false, previous: false, timestamps: false, ...o },
    { write: (b) => void (out += b.toString()), closed: () => false },
    running,
  ).then(() => out);
}

test("query options parse as PodLogOptions", () => {
  const now = Date.parse("2026-01-02T03:05:00Z");
  const r = parseLogOptions(
    new URLSearchParams(
      "follow=true&tailLines=2&sinceSeconds=60&timestamps=true&limitBytes=10&previous=true",
    ),
    now,
  );
  assert.ok(r.ok);
  assert.deepEqual(r.options, {
    follow: true,
    previous: true,
    tailLines: 2,
    sinceMs: now - 60_000,
    timestamps: true,
    limitBytes: 10,
  });
  const bad = parseLogOptions(new URLSearchParams("tailLines=x"));
  assert.ok(!bad.ok);
});

test("timestamps print as Go's RFC3339Nano; CRI times compare at ms precision", () => {
  assert.equal(rfc3339Nano("2026-01-02T03:04:05.123456789Z"), "2026-01-02T03:04:05.123456789Z");
  assert.equal(rfc3339Nano("2026-01-02T03:04:05.120000000Z"), "2026-01-02T03:04:05.12Z");
  assert.equal(rfc3339Nano("2026-01-02T03:04:05.000000000Z"), "2026-01-02T03:04:05Z");
  assert.equal(criTimeMs("2026-01-02T03:04:05.123456789Z"), Date.parse("2026-01-02T03:04:05.123Z"));
});

test("tail, since, timestamps, limitBytes and partial lines", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-logs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "0.log");
  writeFileSync(
    path,
    rec(T(1), "stdout", "F", "one") +
      rec(T(2), "stderr", "F", "two") +
      rec(T(3), "stdout", "P", "thr") +
      rec(T(3), "stdout", "F", "ee"),
  );
  assert.equal(await collect(path, {}), "one\ntwo\nthree\n");
  assert.equal(await collect(path, { tailLines: 2 }), "three\n");
  assert.equal(await collect(path, { tailLines: 0 }), "");
  assert.equal(await collect(path, { sinceMs: Date.parse("2026-01-02T03:04:02Z") }), "two\nthree\n");
  assert.equal(
    await collect(path, { tailLines: 3, timestamps: true }),
    `${rfc3339Nano(T(2))} two\n${rfc3339Nano(T(3))} thr${rfc3339Nano(T(3))} ee\n`,
  );
  assert.equal(await collect(path, { limitBytes: 5 }), "one\nt");
  assert.equal(await collect(join(dir, "missing.log"), {}), "");
});

test("follow reads what is appended and continues across a rotation until the container stops", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "k8ts-logs-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "0.log");
  writeFileSync(path, rec(T(1), "stdout", "F", "a"));
  let running = true;
  let out = "";
  const done = readLogs(
    path,
    { follow: true, previous: false, timestamps: false },
    { write: (b) => void (out += b.toString()), closed: () => false },
    () => Promise.resolve(running),
  );
  const waitFor = async (s: string) => {
    for (let i = 0; i < 200 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(out.includes(s), out);
  };
  await waitFor("a\n");
  appendFileSync(path, rec(T(2), "stdout", "F", "b"));
  await waitFor("b\n");
  renameSync(path, `${path}.20260102-030405`);
  writeFileSync(path, rec(T(3), "stdout", "F", "c"));
  await waitFor("c\n");
  running = false;
  await done;
  assert.equal(out, "a\nb\nc\n");
});
