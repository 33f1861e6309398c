import { test } from "node:test";
import assert from "node:assert/strict";
import { calculateReplicaSetStatus, replicaSetStatusUpToDate, type ReplicaSetObject } from "./status.js";
import type { PodObject } from "../util/podcontrol.js";
import { getPodsToDelete } from "./podstodelete.js";

const now = Date.parse("2025-01-01T00:10:00Z");
const rs = (
  o: Partial<{ replicas: number; minReady: number; status: any; generation: number }> = {},
): ReplicaSetObject => ({
  metadata: { name: "web-abc", namespace: "ns", generation: o.generation ?? 1 },
  spec: {
    replicas: o.replicas ?? 3,
    minReadySeconds: o.minReady,
    selector: { matchLabels: { app: "web" } },
    template: { metadata: { labels: { app: "web", tier: "fe" } } },
  },
  status: o.status ?? { replicas: 0 },
});
const pod = (
  name: string,
  labels: Record<string, string>,
  readySecondsAgo?: number,
  node?: string,
): PodObject => ({
  metadata: { name, namespace: "ns", uid: name, labels },
  spec: { containers: [], nodeName: node },
  status: {
    phase: "Running",
    conditions:
      readySecondsAgo === undefined
        ? []
        : [
            {
              type: "Ready",
              status: "True",
              lastTransitionTime: new Date(now - readySecondsAgo * 1000).toISOString(),
            },
          ],
  },
});

test("status counts pods, fully labeled ones, ready ones and those ready for minReadySeconds", () => {
  const pods = [
    pod("a", { app: "web", tier: "fe" }, 60),
    pod("b", { app: "web", tier: "fe" }, 5),
    pod("c", { app: "web" }),
    pod("d", { app: "web", tier: "fe", x: "y" }, 100),
  ];
  const s = calculateReplicaSetStatus(rs({ replicas: 4, minReady: 10 }), pods, undefined, now);
  assert.deepEqual([s.replicas, s.fullyLabeledReplicas, s.readyReplicas, s.availableReplicas], [4, 3, 3, 2]);
});

test("a failed create sets ReplicaFailure once; success removes it", () => {
  const err = new Error('pods "web-abc-" is forbidden: exceeded quota');
  const failed = calculateReplicaSetStatus(rs({ replicas: 3 }), [], err, now);
  assert.deepEqual(
    failed.conditions?.map((c) => [c.type, c.status, c.reason, c.message]),
    [["ReplicaFailure", "True", "FailedCreate", 'pods "web-abc-" is forbidden: exceeded quota']],
  );
  const again = calculateReplicaSetStatus(rs({ replicas: 3, status: failed }), [], new Error("other"), now);
  assert.equal(
    again.conditions?.[0].message,
    'pods "web-abc-" is forbidden: exceeded quota',
    "kept, not rewritten",
  );
  const cleared = calculateReplicaSetStatus(rs({ replicas: 0, status: failed }), [], undefined, now);
  assert.equal(cleared.conditions, undefined);
  const del = calculateReplicaSetStatus(
    rs({ replicas: 0 }),
    [pod("a", { app: "web" })],
    new Error("nope"),
    now,
  );
  assert.equal(del.conditions?.[0].reason, "FailedDelete");
});

test("status is written only when something changed or the generation is new", () => {
  const cur = rs({
    status: {
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    },
  });
  assert.equal(
    replicaSetStatusUpToDate(cur, {
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    }),
    true,
  );
  assert.equal(
    replicaSetStatusUpToDate(cur, {
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 2,
      availableReplicas: 2,
    }),
    false,
  );
  assert.equal(
    replicaSetStatusUpToDate(
      { ...cur, metadata: { ...cur.metadata, generation: 2 } },
      { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3 },
    ),
    false,
  );
});

test("scale-down deletes not-ready and doubled-up pods first", () => {
  const pods = [
    pod("ready-alone", { app: "web" }, 100, "n1"),
    pod("ready-crowded", { app: "web" }, 100, "n2"),
    pod("not-ready", { app: "web" }, undefined, "n3"),
    pod("ready-crowded-2", { app: "web" }, 100, "n2"),
  ];
  const related = [...pods, pod("sibling", { app: "web" }, 100, "n2")];
  const out = getPodsToDelete(pods, related, 2, now).map((p) => p.metadata.name);
  assert.equal(out[0], "not-ready");
  assert.ok(out[1] === "ready-crowded" || out[1] === "ready-crowded-2", out[1]);
  assert.deepEqual(getPodsToDelete(pods, related, 4, now).length, 4);
});
