import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { computeUsed } from "./controller.js";

const pod = (name: string, cpu?: string, extra: Record<string, unknown> = {}) =>
  ({
    metadata: { name, namespace: "ns" },
    spec: {
      containers: [{ name: "c", resources: cpu ? { requests: { cpu }, limits: { memory: "64Mi" } } : {} }],
    },
    ...extra,
  }) as unknown as KubeObject;

test("status.used counts objects, requests and limits as the admission plugin does", () => {
  const objects: Record<string, KubeObject[]> = {
    "/pods": [
      pod("a", "250m"),
      pod("b", "500m"),
      pod("done", "1", { status: { phase: "Succeeded" } }),
      pod("going", "1", { metadata: { name: "going", deletionTimestamp: "2024-01-01T00:00:00Z" } }),
    ],
    "/services": [
      { metadata: { name: "s" }, spec: { type: "NodePort", ports: [{}, {}] } },
      { metadata: { name: "t" }, spec: {} },
    ],
    "apps/deployments": [{ metadata: { name: "d" } }],
  };
  const used = computeUsed(
    [
      "pods",
      "requests.cpu",
      "limits.memory",
      "count/pods",
      "services",
      "services.nodeports",
      "count/deployments.apps",
      "secrets",
    ],
    (group, plural) => objects[`${group}/${plural}`],
  );
  assert.deepEqual(used, {
    pods: "2",
    "requests.cpu": "750m",
    "limits.memory": "128Mi",
    "count/pods": "2",
    services: "2",
    "services.nodeports": "2",
    "count/deployments.apps": "1",
    secrets: "0",
  });
});
