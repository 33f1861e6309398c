// Runs the runtime contract against the process runtime (no root needed); isolation cases skip, as its
// features say it has none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { IMAGE_CONFIG, runRuntimeContract } from "../contract.js";
import { fail, ok, type RootfsProvider } from "../cri.js";
import { ProcessRuntime } from "./process-runtime.js";

const IMAGE = "busybox:test";

/** Image configs only: the process runtime ignores the image's filesystem. */
const images: RootfsProvider = {
  resolve: (image) =>
    Promise.resolve(
      image.image === IMAGE
        ? ok({ imageRef: "local/busybox", lowerDirs: [], config: IMAGE_CONFIG })
        : fail("NotFound", `image "${image.image}" not found`),
    ),
};

runRuntimeContract("process", () => {
  const base = mkdtempSync(join(tmpdir(), "k8ts-process-"));
  return Promise.resolve({
    runtime: new ProcessRuntime({ root: join(base, "scratch"), images }),
    image: { image: IMAGE },
    logRoot: join(base, "logs"),
    cleanup: () => {
      rmSync(base, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
});

test("process runtime says plainly that pods are not isolated", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "k8ts-process-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const rt = new ProcessRuntime({ root, images });
  const st = await rt.status();
  assert.deepEqual(Object.values(st.features), [false, false, false, false, false]);
  assert.match(st.conditions.find((c) => c.type === "NetworkReady")?.message ?? "", /not isolated/);
  const missing = await rt.createContainer(
    "x",
    { metadata: { name: "c", attempt: 0 }, image: { image: "nope" }, logPath: "c.log" },
    {
      metadata: { name: "p", uid: "u", namespace: "d", attempt: 0 },
      logDirectory: "/tmp",
    },
  );
  assert.equal(missing.ok ? "ok" : missing.error.code, "NotFound");
});
