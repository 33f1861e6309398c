import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { FormatRegistry } from "@sinclair/typebox";
import { Node, nodes } from "./node.js";
import { errorString } from "../../validation/field.js";

if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  );

const now = Date.parse("2024-05-01T12:00:00Z");
const kubeletNode = {
  apiVersion: "v1",
  kind: "Node",
  metadata: {
    name: "node-1",
    creationTimestamp: "2024-04-30T12:00:00Z",
    labels: {
      "kubernetes.io/hostname": "node-1",
      "node-role.kubernetes.io/control-plane": "",
      "node-role.kubernetes.io/master": "true",
    },
  },
  spec: { podCIDR: "10.42.0.0/24", podCIDRs: ["10.42.0.0/24"], providerID: "k8ts://node-1" },
  status: {
    capacity: { cpu: "4", memory: "8130348Ki", pods: "110" },
    conditions: [
      {
        type: "MemoryPressure",
        status: "False",
        lastHeartbeatTime: "2024-05-01T11:59:00Z",
        lastTransitionTime: "2024-04-30T12:00:00Z",
        reason: "KubeletHasSufficientMemory",
        message: "kubelet has sufficient memory available",
      },
      {
        type: "Ready",
        status: "True",
        lastHeartbeatTime: "2024-05-01T11:59:00Z",
        lastTransitionTime: "2024-04-30T12:00:10Z",
        reason: "KubeletReady",
        message: "kubelet is posting ready status",
      },
    ],
    addresses: [
      { type: "InternalIP", address: "10.0.0.5" },
      { type: "Hostname", address: "node-1" },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: "m",
      systemUUID: "u",
      bootID: "b",
      kernelVersion: "6.1.0-18-amd64",
      osImage: "Debian GNU/Linux 12 (bookworm)",
      containerRuntimeVersion: "runc://1.1.5",
      kubeletVersion: "v1.32.0-k8ts",
      kubeProxyVersion: "v1.32.0-k8ts",
      operatingSystem: "linux",
      architecture: "amd64",
    },
  },
};

test("a kubelet-registered node passes the schema; an unknown field is rejected", () => {
  assert.deepEqual(
    [...Value.Errors(Node, kubeletNode)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  assert.equal(Value.Check(Node, { ...kubeletNode, spec: { unschedulabel: true } }), false);
});

test("defaults: allocatable starts as capacity", () => {
  const n = structuredClone(kubeletNode) as any;
  nodes.defaults!(n);
  assert.deepEqual(n.status.allocatable, n.status.capacity);
});

test("columns: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME", () => {
  const n = structuredClone(kubeletNode) as any;
  const cells = nodes.printerColumns!.map((c) => c.cell(n, now));
  assert.deepEqual(
    nodes.printerColumns!.map((c) => c.name),
    [
      "Name",
      "Status",
      "Roles",
      "Age",
      "Version",
      "Internal-IP",
      "External-IP",
      "OS-Image",
      "Kernel-Version",
      "Container-Runtime",
    ],
  );
  assert.deepEqual(cells, [
    "node-1",
    "Ready",
    "control-plane,master",
    "24h",
    "v1.32.0-k8ts",
    "10.0.0.5",
    "<none>",
    "Debian GNU/Linux 12 (bookworm)",
    "6.1.0-18-amd64",
    "runc://1.1.5",
  ]);
  n.spec.unschedulable = true;
  n.status.conditions[1].status = "Unknown";
  assert.equal(nodes.printerColumns![1].cell(n, now), "NotReady,SchedulingDisabled");
  delete n.status.conditions;
  delete n.metadata.labels;
  assert.deepEqual(
    [nodes.printerColumns![1].cell(n, now), nodes.printerColumns![2].cell(n, now)],
    ["Unknown,SchedulingDisabled", "<none>"],
  );
});

test("validation: taints and pod CIDRs", () => {
  const n = structuredClone(kubeletNode) as any;
  n.spec.taints = [
    { key: "dedicated", value: "gpu", effect: "NoSchedule" },
    { key: "dedicated", value: "other", effect: "NoSchedule" },
    { key: "k", effect: "Sometimes" },
  ];
  n.spec.podCIDRs = ["10.42.0.0/33"];
  assert.deepEqual(nodes.validate!(n).map(errorString), [
    `metadata.taints[1]: Duplicate value: {"Key":"dedicated","Value":"other","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair`,
    `metadata.taints[2].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
    `spec.podCIDRs[0]: Invalid value: "10.42.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
  ]);
});

test("updates: podCIDRs and providerID are set once; status comes from the stored node", () => {
  const old = structuredClone(kubeletNode) as any;
  const n = structuredClone(kubeletNode) as any;
  n.spec.podCIDRs = ["10.42.1.0/24"];
  n.spec.providerID = "other://x";
  n.spec.unschedulable = true;
  assert.deepEqual(nodes.validateUpdate!(n, old).map(errorString), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
  const fresh = { metadata: { name: "n" }, spec: {} } as any;
  assert.deepEqual(nodes.validateUpdate!({ ...fresh, spec: { podCIDRs: ["10.42.2.0/24"] } }, fresh), []);
  n.status = {};
  nodes.prepareForUpdate!(n, old);
  assert.deepEqual(n.status, old.status);
});

test("field selector spec.unschedulable", () => {
  assert.equal(nodes.fieldSelectors!["spec.unschedulable"](kubeletNode as any), "false");
  assert.equal(
    nodes.fieldSelectors!["spec.unschedulable"]({ ...kubeletNode, spec: { unschedulable: true } } as any),
    "true",
  );
});
