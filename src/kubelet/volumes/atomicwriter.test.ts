import { test } from "node:test";
import assert from "node:assert/strict";
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atomicWrite, validatePath, type FileProjection } from "./atomicwriter.js";

const payload = (o: Record<string, string>, mode = 0o644) =>
  new Map<string, FileProjection>(Object.entries(o).map(([k, v]) => [k, { data: Buffer.from(v), mode }]));

test("files behind ..data: a timestamped directory, user-visible symlinks, swapped on change", () => {
  const dir = mkdtempSync(join(tmpdir(), "atomic-"));
  try {
    atomicWrite(dir, payload({ a: "1", "sub/b": "2" }));
    const ts1 = readlinkSync(join(dir, "..data"));
    assert.match(ts1, /^\.\.\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.\d+$/);
    assert.equal(readlinkSync(join(dir, "a")), "..data/a");
    assert.equal(readlinkSync(join(dir, "sub")), "..data/sub");
    assert.equal(readFileSync(join(dir, "sub/b"), "utf8"), "2");
    assert.equal(statSync(join(dir, ts1)).mode & 0o777, 0o755);

    // Same content: nothing is rewritten.
    atomicWrite(dir, payload({ a: "1", "sub/b": "2" }));
    assert.equal(readlinkSync(join(dir, "..data")), ts1);

    // A change: a new directory, the old one gone, a dropped key's name removed.
    atomicWrite(dir, payload({ a: "changed" }, 0o600));
    const ts2 = readlinkSync(join(dir, "..data"));
    assert.notEqual(ts2, ts1);
    assert.ok(!existsSync(join(dir, ts1)));
    assert.equal(readFileSync(join(dir, "a"), "utf8"), "changed");
    assert.equal(statSync(join(dir, "a")).mode & 0o777, 0o600);
    assert.throws(() => lstatSync(join(dir, "sub")));
    assert.deepEqual(readdirSync(dir).sort(), [ts2, "..data", "a"].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("validatePath refuses absolute paths, '..' and names starting with '..'", () => {
  assert.equal(validatePath("/etc/passwd"), "invalid path: must be relative path: /etc/passwd");
  assert.equal(validatePath("a/../b"), "invalid path: must not contain '..': a/../b");
  assert.equal(validatePath("..data"), "invalid path: must not start with '..': ..data");
  assert.equal(validatePath(""), 'invalid path: must not be empty: ""');
  assert.equal(validatePath("ok/file"), undefined);
  const dir = mkdtempSync(join(tmpdir(), "atomic-"));
  try {
    assert.throws(() => atomicWrite(dir, payload({ "../x": "1" })), /must not contain '\.\.'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
