import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseResolvConf, readHostResolvConf } from "./resolvconf.js";

test("parseResolvConf reads nameservers, the search line and options; comments are ignored", () => {
  const c = parseResolvConf(
    "# host\nnameserver 192.0.2.53\nnameserver 192.0.2.54 ; x\nsearch corp.example .\noptions edns0 ndots:2\n",
  );
  assert.deepEqual(c, {
    nameservers: ["192.0.2.53", "192.0.2.54"],
    searches: ["corp.example"],
    options: ["edns0", "ndots:2"],
  });
});

test("readHostResolvConf reads a file and is empty when it is missing", () => {
  const dir = mkdtempSync(join(tmpdir(), "resolv-"));
  try {
    writeFileSync(join(dir, "resolv.conf"), "nameserver 192.0.2.1\n");
    assert.deepEqual(readHostResolvConf(join(dir, "resolv.conf")).nameservers, ["192.0.2.1"]);
    assert.deepEqual(readHostResolvConf(join(dir, "missing")), {
      nameservers: [],
      searches: [],
      options: [],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
