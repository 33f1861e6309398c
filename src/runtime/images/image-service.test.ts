import { test } from "node:test";
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBusyboxImage } from "./busybox.js";
import { StoreImageService, authConfigsForPull } from "./image-service.js";
import { ImageStore } from "./store.js";
import { freePort, missingTool } from "./testdata.js";

const noBusybox =
  (await missingTool("/bin/busybox")) === undefined
    ? false
    : "/bin/busybox is missing (apt-get install busybox-static)";

test("the store through the CRI ImageService and RootfsProvider", { skip: noBusybox }, async (t) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "k8ts-image-service-test-"));
  t.after(() => fs.rm(dir, { recursive: true, force: true }));
  const store = await ImageStore.open(dir);
  const built = await buildBusyboxImage(store);
  assert.ok(built.ok);
  const svc = new StoreImageService(store);

  const status = await svc.imageStatus({
    image: built.image.repoTags[0]?.replace("docker.io/library/", "") ?? "",
  });
  assert.equal(status?.id, built.image.id);
  assert.equal(status?.username, "");
  assert.equal(await svc.imageStatus({ image: "busybox:0.0" }), null);
  assert.deepEqual(
    (await svc.listImages()).map((i) => i.id),
    [built.image.id],
  );

  const layers = await svc.resolve({ image: built.image.id });
  assert.ok(layers.ok);
  assert.equal(layers.value.imageRef, built.image.id);
  assert.deepEqual(layers.value.config.cmd, ["sh"]);
  assert.equal(layers.value.lowerDirs.length, 1);
  await fs.access(path.join(layers.value.lowerDirs[0], "bin", "busybox"));
  const missing = await svc.resolve({ image: "nothere:1" });
  assert.deepEqual(missing, {
    ok: false,
    error: { code: "NotFound", message: 'image "nothere:1" not found' },
  });

  const port = await freePort();
  const pulled = await svc.pullImage({ image: `127.0.0.1:${port}/a/b:c` });
  assert.ok(!pulled.ok);
  assert.equal(pulled.error.code, "Internal");
  assert.match(pulled.error.message, /connect: connection refused$/);

  const fsInfo = await svc.imageFsInfo();
  assert.ok((fsInfo[0]?.usedBytes ?? 0) >= built.image.size);
  assert.deepEqual(await svc.removeImage({ image: "busybox:0.0" }), { ok: true, value: undefined });
  assert.deepEqual(await svc.removeImage({ image: built.image.id }), { ok: true, value: undefined });
  assert.deepEqual(await svc.listImages(), []);
});

test("imagePullSecrets become the CRI auth configs the kubelet tries in turn", () => {
  const secret = (auths: object): { type: string; data: Record<string, string> } => ({
    type: "kubernetes.io/dockerconfigjson",
    data: { ".dockerconfigjson": Buffer.from(JSON.stringify({ auths })).toString("base64") },
  });
  const secrets = [
    secret({ "127.0.0.1:5000": { username: "a", password: "1" } }),
    secret({ "127.0.0.1:5000/team": { auth: Buffer.from("b:2").toString("base64") } }),
    { type: "Opaque", data: {} },
  ];
  assert.deepEqual(authConfigsForPull("127.0.0.1:5000/team/app:1", secrets), [
    { serverAddress: "127.0.0.1:5000", username: "b", password: "2" },
    { serverAddress: "127.0.0.1:5000", username: "a", password: "1" },
  ]);
  assert.deepEqual(authConfigsForPull("busybox", secrets), []);
});
