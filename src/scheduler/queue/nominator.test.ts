import { test } from "node:test";
import assert from "node:assert/strict";
import { Nominator } from "./nominator.js";
import { PodInfo } from "../framework/pod-info.js";
import { makePod } from "../testing/wrappers.js";

test("Nominator: nominations by node, overridden, kept across updates that do not carry them yet", () => {
  const n = new Nominator();
  const pod = makePod("p").uid("u1").obj();
  n.addNominatedPod(new PodInfo(pod), { nominatedNodeName: "n1", mode: "override" });
  assert.deepEqual(
    n.nominatedPodsForNode("n1").map((p) => p.name),
    ["p"],
  );
  // An update without status.nominatedNodeName (our patch still in flight) keeps the nomination.
  const updated = makePod("p").uid("u1").label("x", "y").obj();
  n.updateNominatedPod(pod, new PodInfo(updated));
  assert.equal(n.nominatedPodsForNode("n1")[0].pod, updated);
  // Override to another node.
  n.addNominatedPod(new PodInfo(updated), { nominatedNodeName: "n2", mode: "override" });
  assert.equal(n.nominatedPodsForNode("n1").length, 0);
  assert.equal(n.nominatedPodsForNode("n2").length, 1);
  // Override with "" clears it.
  n.addNominatedPod(new PodInfo(updated), { nominatedNodeName: "", mode: "override" });
  assert.equal(n.size, 0);
  // Noop mode uses the pod's own status; bound pods are never nominated.
  n.addNominatedPod(new PodInfo(makePod("q").nominatedNode("n3").obj()));
  assert.equal(n.nominatedPodsForNode("n3").length, 1);
  n.addNominatedPod(new PodInfo(makePod("r").nominatedNode("n3").node("n3").obj()));
  assert.equal(n.nominatedPodsForNode("n3").length, 1);
});
