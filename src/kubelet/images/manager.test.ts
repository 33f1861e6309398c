// A test double of the ImageService (this is a unit test of the image manager's decisions and words).
import { test } from "node:test";
import assert from "node:assert/strict";
import { ImageManager, type ImageEvent } from "./manager.js";
import { fail, ok, type Image, type ImageService } from "../../runtime/cri.js";

function images(present: boolean, pullOk = false): ImageService & { pulls: number } {
  const img: Image = {
    id: "sha256:1",
    repoTags: ["docker.io/library/busybox:1.35"],
    repoDigests: [],
    size: 1234,
    username: "",
    pinned: false,
  };
  const s = {
    pulls: 0,
    listImages: () => Promise.resolve([]),
    imageStatus: () => Promise.resolve(present ? img : null),
    pullImage: () => {
      s.pulls++;
      if (pullOk) present = true;
      return Promise.resolve(pullOk ? ok("sha256:1") : fail("NotFound", "manifest unknown"));
    },
    removeImage: () => Promise.resolve(ok(undefined)),
    imageFsInfo: () => Promise.resolve([]),
  };
  return s;
}

const req = (image: string, pullPolicy: "Always" | "IfNotPresent" | "Never", events: ImageEvent[]) => ({
  image,
  pullPolicy,
  podUID: "u1",
  auths: () => Promise.resolve([]),
  event: (e: ImageEvent) => void events.push(e),
});

test("present image with IfNotPresent: Pulled 'already present on machine', no pull", async () => {
  const svc = images(true);
  const ev: ImageEvent[] = [];
  const r = await new ImageManager(svc).ensureImageExists(req("busybox:1.35", "IfNotPresent", ev));
  assert.deepEqual(r, { ok: true, imageRef: "sha256:1" });
  assert.equal(svc.pulls, 0);
  assert.deepEqual(ev, [
    {
      type: "Normal",
      reason: "Pulled",
      message: 'Container image "busybox:1.35" already present on machine',
    },
  ]);
});

test("a failed pull is ErrImagePull, then ImagePullBackOff while backing off", async () => {
  let now = 0;
  const svc = images(false);
  const m = new ImageManager(svc, () => now);
  const ev: ImageEvent[] = [];
  const first = await m.ensureImageExists(req("nope:1", "IfNotPresent", ev));
  assert.deepEqual(first, { ok: false, reason: "ErrImagePull", message: "manifest unknown" });
  assert.deepEqual(
    ev.map((e) => e.reason),
    ["Pulling", "Failed"],
  );
  assert.equal(ev[1]?.message, 'Failed to pull image "nope:1": manifest unknown');
  now = Date.now();
  const second = await m.ensureImageExists(req("nope:1", "IfNotPresent", ev));
  assert.equal(second.ok, false);
  assert.equal(!second.ok && second.reason, "ImagePullBackOff");
  assert.equal(!second.ok && second.message, 'Back-off pulling image "nope:1"');
  assert.equal(svc.pulls, 1);
});

test("Never with a missing image: ErrImageNeverPull; a bad reference: InvalidImageName", async () => {
  const ev: ImageEvent[] = [];
  const m = new ImageManager(images(false));
  const r = await m.ensureImageExists(req("busybox:1.35", "Never", ev));
  assert.equal(!r.ok && r.reason, "ErrImageNeverPull");
  assert.equal(!r.ok && r.message, 'Container image "busybox:1.35" is not present with pull policy of Never');
  const bad = await m.ensureImageExists(req("UPPER/Case", "IfNotPresent", ev));
  assert.equal(!bad.ok && bad.reason, "InvalidImageName");
});

test("a successful pull says how long it took and the image size", async () => {
  const ev: ImageEvent[] = [];
  const r = await new ImageManager(images(false, true)).ensureImageExists(req("busybox:1.35", "Always", ev));
  assert.equal(r.ok, true);
  assert.match(
    ev[1]?.message ?? "",
    /^Successfully pulled image "busybox:1\.35" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: 1234 bytes\.$/,
  );
});
