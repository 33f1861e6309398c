import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { newTestFramework, scoreAll } from "../../testing/framework.js";
import { normalizedImageName } from "./image-locality.js";

const mb = 1024 * 1024;

test("ImageLocality: image names normalize to :latest", () => {
  const cases: [string, string][] = [
    ["nginx", "nginx:latest"],
    ["nginx:1.25", "nginx:1.25"],
    ["registry:5000/app", "registry:5000/app:latest"],
    ["registry:5000/app:v1", "registry:5000/app:v1"],
    ["app@sha256:abc", "app@sha256:abc"],
  ];
  for (const [i, want] of cases) assert.equal(normalizedImageName(i), want, i);
});

test("ImageLocality: nodes holding large images the pod uses score higher, scaled by spread", () => {
  const nodes = [
    makeNode("big")
      .images({ names: ["app:v1"], sizeBytes: 500 * mb }, { names: ["db:v1"], sizeBytes: 300 * mb })
      .obj(),
    makeNode("small")
      .images({ names: ["app:v1"], sizeBytes: 500 * mb })
      .obj(),
    makeNode("none").obj(),
  ];
  const t = newTestFramework([{ name: "ImageLocality", weight: 1 }], [], nodes);
  const pod = makePod("p").image("app:v1");
  pod.p.spec!.containers.push({ name: "db", image: "db:v1" });
  // big: 500×2/3 + 300×1/3 = 433.3 MB; small: 333.3 MB; per container max 1000 MB (2 containers → 2000 MB).
  // score = 100 × (sum − 23 MB) / (2000 MB − 23 MB)
  const score = (sum: number) => Math.trunc((100 * (sum - 23 * mb)) / (2000 * mb - 23 * mb));
  assert.deepEqual(scoreAll(t, pod.obj()), {
    big: score(Math.trunc((500 * mb * 2) / 3) + Math.trunc(300 * mb * (1 / 3))),
    small: score(Math.trunc((500 * mb * 2) / 3)),
    none: 0,
  });
});
