// Go pointer scalars set to their zero survive a protobuf round trip through the real schemas (they are
// marked `x-proto-pointer` in src/api); non-pointer omitempty zeros are dropped, as encoding/json does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { allResources, groupVersion } from "../../api/index.js";
import { decodeKubeProtobuf, encodeKubeProtobuf } from "./index.js";

const schemaOf = (apiVersion: string, kind: string) =>
  allResources.find((r) => groupVersion(r) === apiVersion && r.kind === kind)?.schema;

function roundTrip(obj: Record<string, unknown>): any {
  const schema = schemaOf(String(obj.apiVersion), String(obj.kind));
  assert.ok(schema, `${String(obj.kind)} is served`);
  const r = decodeKubeProtobuf(encodeKubeProtobuf(obj, schema), schemaOf);
  if (!r.ok) assert.fail(r.error.message);
  return r.object;
}

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "web", image: "nginx" }] },
};

test("a Deployment with replicas 0 (kubectl create deployment --replicas=0) keeps replicas: 0", () => {
  const got = roundTrip({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web" },
    spec: {
      replicas: 0,
      revisionHistoryLimit: 0,
      progressDeadlineSeconds: 600,
      minReadySeconds: 0, // not a pointer: zero means unset
      paused: false, // not a pointer
      selector: { matchLabels: { app: "web" } },
      template,
    },
  });
  assert.equal(got.spec.replicas, 0);
  assert.equal(got.spec.revisionHistoryLimit, 0);
  assert.equal(got.spec.progressDeadlineSeconds, 600);
  assert.equal("minReadySeconds" in got.spec, false);
  assert.equal("paused" in got.spec, false);
});

test("a Pod with enableServiceLinks false keeps it; runAsUser 0 (root) is kept too", () => {
  const got = roundTrip({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p" },
    spec: {
      enableServiceLinks: false,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      hostNetwork: false, // not a pointer
      containers: [
        {
          name: "c",
          image: "busybox",
          stdin: false, // not a pointer
          securityContext: { runAsUser: 0, privileged: false, allowPrivilegeEscalation: false },
        },
      ],
    },
  });
  assert.equal(got.spec.enableServiceLinks, false);
  assert.equal(got.spec.automountServiceAccountToken, false);
  assert.equal(got.spec.terminationGracePeriodSeconds, 0);
  assert.equal("hostNetwork" in got.spec, false);
  assert.equal("stdin" in got.spec.containers[0], false);
  assert.deepEqual(got.spec.containers[0].securityContext, {
    runAsUser: 0,
    privileged: false,
    allowPrivilegeEscalation: false,
  });
});

test("a Job's pointer counters and suspend keep their zeros", () => {
  const got = roundTrip({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "j" },
    spec: {
      parallelism: 0,
      completions: 0,
      backoffLimit: 0,
      suspend: false,
      template: { spec: { restartPolicy: "Never", containers: [{ name: "c", image: "busybox" }] } },
    },
  });
  assert.deepEqual(
    [got.spec.parallelism, got.spec.completions, got.spec.backoffLimit, got.spec.suspend],
    [0, 0, 0, false],
  );
});
