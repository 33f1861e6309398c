import { test } from "node:test";
import assert from "node:assert/strict";
import { PodControl, podFromTemplate, type PodObject } from "./podcontrol.js";
import { newControllerRef } from "./controllerref.js";
import { ApiError } from "../../client/rest/errors.js";

const rs = {
  apiVersion: "apps/v1",
  kind: "ReplicaSet",
  metadata: { name: "web-7d9c", namespace: "ns", uid: "u1" },
};
const template = {
  metadata: { labels: { app: "web" }, annotations: { a: "b" }, finalizers: ["f"] },
  spec: { containers: [{ name: "c", image: "nginx" }] },
};

function recorder() {
  const events: string[] = [];
  return {
    events,
    event: () => {},
    eventf: (_o: unknown, type: string, reason: string, fmt: string, ...args: unknown[]) => {
      let i = 0;
      events.push(`${type} ${reason} ${fmt.replace(/%v/g, () => String(args[i++]))}`);
    },
  };
}

test("podFromTemplate: generateName, labels, annotations, finalizers and the controller reference", () => {
  const ref = newControllerRef(rs, { group: "apps", version: "v1", kind: "ReplicaSet" });
  const pod = podFromTemplate(template, "web-7d9c", ref);
  assert.equal(pod.metadata.generateName, "web-7d9c-");
  assert.deepEqual(pod.metadata.labels, { app: "web" });
  assert.deepEqual(pod.metadata.annotations, { a: "b" });
  assert.deepEqual(pod.metadata.finalizers, ["f"]);
  assert.deepEqual(pod.metadata.ownerReferences, [
    {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      name: "web-7d9c",
      uid: "u1",
      controller: true,
      blockOwnerDeletion: true,
    },
  ]);
  assert.equal(pod.metadata.name, undefined);
  assert.equal(podFromTemplate(template, "x".repeat(253)).metadata.generateName, "x".repeat(253));
});

test("createPods records SuccessfulCreate and FailedCreate as upstream words them", async () => {
  const rec = recorder();
  let fail = false;
  const pc = new PodControl(
    {
      create: async (_ns, p: PodObject) => {
        if (fail)
          throw new ApiError(403, {
            message: 'pods "web-7d9c-" is forbidden: exceeded quota',
            reason: "Forbidden",
          });
        return { ...p, metadata: { ...p.metadata, name: "web-7d9c-abcde" } };
      },
      delete: async () => undefined,
      patch: async () => ({}) as PodObject,
    },
    rec,
  );
  const ref = newControllerRef(rs, { group: "apps", version: "v1", kind: "ReplicaSet" });
  await pc.createPods("ns", template, rs, ref);
  fail = true;
  await assert.rejects(pc.createPods("ns", template, rs, ref), /exceeded quota/);
  await pc.deletePod("ns", "web-7d9c-abcde", rs);
  assert.deepEqual(rec.events, [
    "Normal SuccessfulCreate Created pod: web-7d9c-abcde",
    'Warning FailedCreate Error creating: pods "web-7d9c-" is forbidden: exceeded quota',
    "Normal SuccessfulDelete Deleted pod: web-7d9c-abcde",
  ]);
});

test("a create refused because the namespace is terminating is not reported", async () => {
  const rec = recorder();
  const pc = new PodControl(
    {
      create: async () => {
        throw new ApiError(403, {
          reason: "Forbidden",
          message: "unable to create new content in namespace ns because it is being terminated",
          details: { causes: [{ reason: "NamespaceTerminating" }] },
        });
      },
      delete: async () => undefined,
      patch: async () => ({}) as PodObject,
    },
    rec,
  );
  await assert.rejects(
    pc.createPods(
      "ns",
      template,
      rs,
      newControllerRef(rs, { group: "apps", version: "v1", kind: "ReplicaSet" }),
    ),
  );
  assert.deepEqual(rec.events, []);
});

test("a template without labels cannot make pods", async () => {
  const pc = new PodControl(
    { create: async (_n, p) => p, delete: async () => undefined, patch: async () => ({}) as PodObject },
    recorder(),
  );
  await assert.rejects(
    pc.createPods(
      "ns",
      { spec: template.spec },
      rs,
      newControllerRef(rs, { group: "apps", version: "v1", kind: "ReplicaSet" }),
    ),
    /no labels/,
  );
});
