import { test } from "node:test";
import assert from "node:assert/strict";
import { makePod } from "../testing/wrappers.js";
import { calculatePodResource, isScalarResourceName } from "./resource.js";

test("calculatePodResource: requests as component-helpers' PodRequests computes them", () => {
  const cases = [
    {
      name: "nothing requested",
      pod: makePod("p").obj(),
      cpu: 0,
      mem: 0,
      non0CPU: 100,
      non0Mem: 200 * 1024 * 1024,
    },
    {
      name: "containers add up",
      pod: makePod("p").req({ cpu: "250m", memory: "64Mi" }).req({ cpu: "1" }).obj(),
      cpu: 1250,
      mem: 64 * 1024 * 1024,
      non0CPU: 1250,
      non0Mem: 264 * 1024 * 1024,
    },
    {
      name: "init container peak wins",
      pod: makePod("p").req({ cpu: "1" }).initReq({ cpu: "2", memory: "1Gi" }).obj(),
      cpu: 2000,
      mem: 1024 ** 3,
      non0CPU: 2000,
      non0Mem: 1024 ** 3,
    },
    {
      name: "an init container runs beside the sidecars started before it",
      pod: makePod("p").req({ cpu: "1" }).initReq({ cpu: "500m" }, true).initReq({ cpu: "2" }).obj(),
      // containers 1 + sidecar 0.5 = 1.5; init peak 2 + 0.5 = 2.5
      cpu: 2500,
      mem: 0,
      non0CPU: 2500,
      non0Mem: 400 * 1024 * 1024,
    },
    {
      name: "overhead added",
      pod: makePod("p").req({ cpu: "1" }).overhead({ cpu: "100m", memory: "10Mi" }).obj(),
      cpu: 1100,
      mem: 10 * 1024 * 1024,
      non0CPU: 1100,
      non0Mem: 210 * 1024 * 1024,
    },
    {
      name: "an explicit 0 is not replaced by the default",
      pod: makePod("p").req({ cpu: "0", memory: "0" }).obj(),
      cpu: 0,
      mem: 0,
      non0CPU: 0,
      non0Mem: 0,
    },
  ];
  for (const c of cases) {
    const r = calculatePodResource(c.pod);
    assert.deepEqual(
      [r.requests.milliCPU, r.requests.memory, r.non0CPU, r.non0Mem],
      [c.cpu, c.mem, c.non0CPU, c.non0Mem],
      c.name,
    );
  }
});

test("isScalarResourceName", () => {
  for (const [n, want] of [
    ["cpu", false],
    ["memory", false],
    ["example.com/gpu", true],
    ["hugepages-2Mi", true],
    ["attachable-volumes-aws-ebs", true],
  ] as const)
    assert.equal(isScalarResourceName(n), want, n);
});
