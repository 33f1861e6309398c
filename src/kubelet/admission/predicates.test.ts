import { test } from "node:test";
import assert from "node:assert/strict";
import { admitPod, nodeAffinityMatches, podRequest } from "./predicates.js";
import { testPod } from "../kuberuntime/testpods.js";

const node = {
  name: "n1",
  labels: { "kubernetes.io/hostname": "n1", disk: "ssd", gen: "5" },
  pods: 3,
  milliCPU: 2000,
  memoryBytes: 1024 ** 3,
};

test("node affinity: nodeSelector and required terms (In, NotIn, Exists, Gt, matchFields)", () => {
  assert.equal(nodeAffinityMatches(testPod({ nodeSelector: { disk: "ssd" } }), node), true);
  assert.equal(nodeAffinityMatches(testPod({ nodeSelector: { disk: "hdd" } }), node), false);
  const affinity = (terms: object[]) =>
    testPod({
      affinity: {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
      },
    });
  assert.equal(
    nodeAffinityMatches(
      affinity([{ matchExpressions: [{ key: "gen", operator: "Gt", values: ["4"] }] }]),
      node,
    ),
    true,
  );
  assert.equal(
    nodeAffinityMatches(
      affinity([{ matchExpressions: [{ key: "disk", operator: "NotIn", values: ["ssd"] }] }]),
      node,
    ),
    false,
  );
  assert.equal(
    nodeAffinityMatches(
      affinity([
        { matchExpressions: [{ key: "zone", operator: "Exists" }] },
        { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] },
      ]),
      node,
    ),
    true,
  );
});

test("rejections carry upstream's reasons and messages", () => {
  assert.deepEqual(admitPod(testPod({ nodeSelector: { disk: "hdd" } }), [], node), {
    admit: false,
    reason: "NodeAffinity",
    message: "Predicate NodeAffinity failed",
  });
  const web = testPod({
    containers: [{ name: "c", image: "x", ports: [{ containerPort: 80, hostPort: 8080 }] }],
  });
  assert.equal(admitPod(web, [web], node).admit, false);
  assert.deepEqual(admitPod(testPod(), [testPod(), testPod(), testPod()], node), {
    admit: false,
    reason: "OutOfpods",
    message: "Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3",
  });
  const big = testPod({ containers: [{ name: "c", image: "x", resources: { requests: { cpu: "1500m" } } }] });
  assert.deepEqual(admitPod(big, [big], node), {
    admit: false,
    reason: "OutOfcpu",
    message: "Node didn't have enough resource: cpu, requested: 1500, used: 1500, capacity: 2000",
  });
  assert.deepEqual(admitPod(big, [], node), { admit: true });
});

test("a pod's request is the larger of its containers' sum and its largest init container", () => {
  const pod = testPod({
    initContainers: [{ name: "i", image: "x", resources: { requests: { memory: "512Mi" } } }],
    containers: [
      { name: "a", image: "x", resources: { requests: { memory: "100Mi", cpu: "100m" } } },
      { name: "b", image: "x", resources: { requests: { memory: "100Mi", cpu: "200m" } } },
    ],
  });
  assert.equal(podRequest(pod, "memory"), 512 * 1024 ** 2);
  assert.equal(podRequest(pod, "cpu"), 300);
});
