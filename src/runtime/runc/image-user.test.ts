import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveImageUser } from "./image-user.js";

test("image users: numbers, names from the top layer's passwd, groups", () => {
  const base = mkdtempSync(join(tmpdir(), "imguser-"));
  try {
    const lower = join(base, "l0");
    const upper = join(base, "l1");
    mkdirSync(join(lower, "etc"), { recursive: true });
    mkdirSync(join(upper, "etc"), { recursive: true });
    writeFileSync(join(lower, "etc/passwd"), "root:x:0:0::/root:/bin/sh\nold:x:5:5::/:/bin/sh\n");
    writeFileSync(join(upper, "etc/passwd"), "root:x:0:0::/root:/bin/sh\nweb:x:33:44::/:/bin/sh\n");
    writeFileSync(join(upper, "etc/group"), "staff:x:50:\n");
    const layers = [lower, upper];
    assert.deepEqual(resolveImageUser(undefined, layers), { uid: 0, gid: 0 });
    assert.deepEqual(resolveImageUser("web", layers), { uid: 33, gid: 44 });
    assert.deepEqual(resolveImageUser("33", layers), { uid: 33, gid: 44 });
    assert.deepEqual(resolveImageUser("1234:7", layers), { uid: 1234, gid: 7 });
    assert.deepEqual(resolveImageUser("web:staff", layers), { uid: 33, gid: 50 });
    assert.ok("error" in resolveImageUser("old", layers));
    assert.ok("error" in resolveImageUser("web:nogroup", layers));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
