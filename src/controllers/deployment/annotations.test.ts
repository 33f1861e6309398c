import { test } from "node:test";
import assert from "node:assert/strict";
import {
  setNewReplicaSetAnnotations,
  lastRevision,
  maxRevision,
  setDeploymentAnnotationsTo,
} from "./annotations.js";
import { deployment } from "./world.test-support.js";
import type { ReplicaSetObject, RS } from "./types.js";

const rev = (r?: string, extra: Record<string, string> = {}): ReplicaSetObject => ({
  metadata: {
    name: "x",
    annotations: r === undefined ? { ...extra } : { "deployment.kubernetes.io/revision": r, ...extra },
  },
  spec: { selector: {}, replicas: 1 },
});

test("max and last revision skip unparsable revisions", () => {
  const rss: RS[] = [rev("3"), rev("10"), rev("junk"), rev()];
  assert.equal(maxRevision(rss), 10);
  assert.equal(lastRevision(rss), 3);
});

test("a new ReplicaSet gets the Deployment's annotations (not kubectl's or the revision ones) and its sizes", () => {
  const d = deployment({ replicas: 4, surge: 1 });
  d.metadata.annotations = {
    "kubernetes.io/change-cause": "kubectl set image",
    "kubectl.kubernetes.io/last-applied-configuration": "{}",
    "deployment.kubernetes.io/revision": "7",
  };
  const rs = rev();
  assert.equal(setNewReplicaSetAnnotations(d, rs, "2", false, 1), true);
  assert.deepEqual(rs.metadata.annotations, {
    "kubernetes.io/change-cause": "kubectl set image",
    "deployment.kubernetes.io/revision": "2",
    "deployment.kubernetes.io/desired-replicas": "4",
    "deployment.kubernetes.io/max-replicas": "5",
  });
  assert.equal(setNewReplicaSetAnnotations(d, rs, "2", true, 1), false, "nothing left to change");
});

test("rolling back to an old ReplicaSet keeps its former revisions in revision-history", () => {
  const d = deployment();
  const rs = rev("1");
  setNewReplicaSetAnnotations(d, rs, "3", true, 0);
  assert.equal(rs.metadata.annotations!["deployment.kubernetes.io/revision"], "3");
  assert.equal(rs.metadata.annotations!["deployment.kubernetes.io/revision-history"], "1");
  setNewReplicaSetAnnotations(d, rs, "5", true, 0);
  assert.equal(rs.metadata.annotations!["deployment.kubernetes.io/revision-history"], "1,3");
  // A lower revision never replaces a higher one.
  setNewReplicaSetAnnotations(d, rs, "4", true, 0);
  assert.equal(rs.metadata.annotations!["deployment.kubernetes.io/revision"], "5");
  // The history is bounded in characters, oldest first out.
  const long = rev("9", { "deployment.kubernetes.io/revision-history": "1,2,3,4,5,6,7,8" });
  setNewReplicaSetAnnotations(d, long, "10", true, 0, 12);
  assert.equal(long.metadata.annotations!["deployment.kubernetes.io/revision-history"], "4,5,6,7,8,9");
});

test("rollback copies the ReplicaSet's annotations onto the Deployment, keeping the skipped ones", () => {
  const d = deployment();
  d.metadata.annotations = {
    "deployment.kubernetes.io/revision": "3",
    "kubernetes.io/change-cause": "new",
    other: "x",
  };
  setDeploymentAnnotationsTo(d, rev("1", { "kubernetes.io/change-cause": "old" }));
  assert.deepEqual(d.metadata.annotations, {
    "deployment.kubernetes.io/revision": "3",
    "kubernetes.io/change-cause": "old",
  });
});
