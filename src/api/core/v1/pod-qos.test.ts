import { test } from "node:test";
import assert from "node:assert/strict";
import { getPodQOS } from "./pod-qos.js";
import type { Pod } from "./pod.js";
import { applyPodDefaults } from "./pod-defaults.js";

const withResources = (...rs: object[]) =>
  ({ spec: { containers: rs.map((resources, i) => ({ name: `c${i}`, resources })) } }) as unknown as Pod;

test("QoS classes as upstream's GetPodQOS", () => {
  const cases: [string, Pod, string][] = [
    ["nothing set", withResources({}), "BestEffort"],
    ["zero requests only", withResources({ requests: { cpu: "0" } }), "BestEffort"],
    [
      "equal cpu and memory",
      withResources({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } }),
      "Guaranteed",
    ],
    [
      "limits only (requests default to them)",
      withResources({ limits: { cpu: "1", memory: "1Gi" } }),
      "Guaranteed",
    ],
    [
      "requests below limits",
      withResources({ requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } }),
      "Burstable",
    ],
    ["memory limit missing", withResources({ limits: { cpu: "1" } }), "Burstable"],
    ["one container without limits", withResources({ limits: { cpu: "1", memory: "1Gi" } }, {}), "Burstable"],
  ];
  // The API server defaults a pod (requests from limits) before it computes the class.
  for (const [name, pod, want] of cases) {
    applyPodDefaults(pod);
    assert.equal(getPodQOS(pod), want, name);
  }
});
