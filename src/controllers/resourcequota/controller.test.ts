import { test } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/meta/v1/types.js";
import { computeUsed } from "./controller.js";
import { quotaScopes } from "../../api/core/v1/resourcequota-usage.js";

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

test("scoped quotas count only their pods", () => {
  const pods = [
    pod("besteffort"),
    pod("burstable", "100m"),
    pod("job", "200m", {
      spec: {
        activeDeadlineSeconds: 30,
        containers: [{ name: "c", resources: { requests: { cpu: "200m" } } }],
      },
    }),
    pod("high", "300m", {
      spec: {
        priorityClassName: "high",
        containers: [{ name: "c", resources: { requests: { cpu: "300m" } } }],
      },
    }),
  ];
  const objects = (group: string, plural: string) => (group === "" && plural === "pods" ? pods : []);
  const names = ["pods", "requests.cpu", "configmaps"];
  assert.deepEqual(computeUsed(names, objects, quotaScopes({ scopes: ["BestEffort"] })), {
    pods: "1",
    "requests.cpu": "0",
    configmaps: "0",
  });
  assert.deepEqual(
    computeUsed(names, objects, quotaScopes({ scopes: ["NotBestEffort", "NotTerminating"] })),
    {
      pods: "2",
      "requests.cpu": "400m",
      configmaps: "0",
    },
  );
  assert.deepEqual(computeUsed(names, objects, quotaScopes({ scopes: ["Terminating"] })), {
    pods: "1",
    "requests.cpu": "200m",
    configmaps: "0",
  });
  const byPriority = quotaScopes({
    scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["high"] }] },
  });
  assert.deepEqual(computeUsed(names, objects, byPriority), {
    pods: "1",
    "requests.cpu": "300m",
    configmaps: "0",
  });
});
