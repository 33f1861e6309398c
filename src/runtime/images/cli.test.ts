import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { humanSize, imageImport, imageList, imageRemove } from "./cli.js";
import { buildUmociImage, missingTool, skopeoArchive } from "./testdata.js";

const missing = await missingTool("umoci", "skopeo", "/bin/busybox");
const skip =
  missing === undefined ? false : `${missing} is not installed (apt-get install umoci skopeo busybox-static)`;

function capture(): { out: string[]; err: string[]; io: { out(l: string): void; err(l: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

test("sizes read as docker prints them", () => {
  assert.equal(humanSize(999), "999B");
  assert.equal(humanSize(2130902), "2.131MB");
  assert.equal(humanSize(1_500_000_000), "1.5GB");
});

test("k8ts image import, ls and rm", { skip }, async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-image-cli-test-"));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const layout = await buildUmociImage(dir, "v1", "cli");
  const archive = path.join(dir, "app.tar");
  await skopeoArchive(layout, "v1", "docker-archive", archive, "myapp:1.0");
  const storeDir = path.join(dir, "store");

  const imp = capture();
  assert.equal(await imageImport(storeDir, [archive, path.join(dir, "missing.tar")], {}, imp.io), 1);
  assert.match(imp.out[0] ?? "", /^Imported docker\.io\/library\/myapp:1\.0 \(sha256:[a-f0-9]{64}\)$/);
  assert.match(imp.err[0] ?? "", /missing\.tar: no such file/);

  const ls = capture();
  assert.equal(await imageList(storeDir, {}, ls.io), 0);
  assert.equal(ls.out.length, 2);
  assert.match(ls.out[0] ?? "", /^IMAGE\s+TAG\s+IMAGE ID\s+SIZE$/);
  assert.match(ls.out[1] ?? "", /^docker\.io\/library\/myapp\s+1\.0\s+[a-f0-9]{13}\s+\d+(\.\d+)?[kM]B$/);

  const q = capture();
  await imageList(storeDir, { quiet: true }, q.io);
  assert.match(q.out.join("\n"), /^sha256:[a-f0-9]{64}$/);

  const rm = capture();
  assert.equal(await imageRemove(storeDir, ["myapp:1.0", "myapp:2.0"], rm.io), 1);
  assert.deepEqual(rm.out, ["Deleted: docker.io/library/myapp:1.0"]);
  assert.deepEqual(rm.err, ["error: no such image myapp:2.0"]);
  const after = capture();
  await imageList(storeDir, { output: "json" }, after.io);
  assert.deepEqual(JSON.parse(after.out.join("\n")), { images: [] });
});
