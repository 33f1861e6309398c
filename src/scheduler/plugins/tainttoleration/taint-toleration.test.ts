import { test } from "node:test";
import assert from "node:assert/strict";
import { makeNode, makePod } from "../../testing/wrappers.js";
import { filterAll, newTestFramework, scoreAll } from "../../testing/framework.js";

test("TaintToleration Filter: NoSchedule/NoExecute taints need a toleration", () => {
  const nodes = [
    makeNode("clean").obj(),
    makeNode("unreachable").taint("node.kubernetes.io/unreachable", "", "NoExecute").obj(),
    makeNode("gpu").taint("dedicated", "gpu", "NoSchedule").obj(),
    makeNode("soft").taint("dedicated", "gpu", "PreferNoSchedule").obj(),
  ];
  const cases = [
    {
      name: "no tolerations",
      pod: makePod("p").obj(),
      want: {
        clean: "",
        unreachable:
          "UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
        gpu: "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}",
        soft: "",
      },
    },
    {
      name: "Equal toleration for dedicated=gpu:NoSchedule",
      pod: makePod("p").toleration("dedicated", "gpu", "NoSchedule").obj(),
      want: {
        clean: "",
        unreachable:
          "UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
        gpu: "",
        soft: "",
      },
    },
    {
      name: "wrong value does not tolerate",
      pod: makePod("p").toleration("dedicated", "cpu", "NoSchedule").obj(),
      want: {
        clean: "",
        unreachable:
          "UnschedulableAndUnresolvable: node(s) had untolerated taint {node.kubernetes.io/unreachable: }",
        gpu: "UnschedulableAndUnresolvable: node(s) had untolerated taint {dedicated: gpu}",
        soft: "",
      },
    },
    {
      name: "Exists with empty key and effect tolerates everything",
      pod: (() => {
        const p = makePod("p");
        p.p.spec!.tolerations = [{ operator: "Exists" }];
        return p.obj();
      })(),
      want: { clean: "", unreachable: "", gpu: "", soft: "" },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "TaintToleration" }], [], nodes);
    assert.deepEqual(filterAll(t, c.pod).byNode, c.want, c.name);
  }
});

test("TaintToleration Score: fewer untolerated PreferNoSchedule taints score higher", () => {
  const nodes = [
    makeNode("none").obj(),
    makeNode("one").taint("a", "1", "PreferNoSchedule").obj(),
    makeNode("two").taint("a", "1", "PreferNoSchedule").taint("b", "2", "PreferNoSchedule").obj(),
  ];
  const cases = [
    { name: "no tolerations", pod: makePod("p").obj(), want: { none: 100, one: 50, two: 0 } },
    {
      name: "tolerating a=1 leaves b",
      pod: makePod("p").toleration("a", "1", "PreferNoSchedule").obj(),
      want: { none: 100, one: 100, two: 0 },
    },
    {
      name: "a toleration without effect covers PreferNoSchedule",
      pod: makePod("p").toleration("a", "1", "").toleration("b", "2", "").obj(),
      want: { none: 100, one: 100, two: 100 },
    },
  ];
  for (const c of cases) {
    const t = newTestFramework([{ name: "TaintToleration", weight: 1 }], [], nodes);
    assert.deepEqual(scoreAll(t, c.pod), c.want, c.name);
  }
});
