import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { Pod, pods, PodTemplateSpec, applyPodSpecDefaults, validatePodTemplateSpec } from "./pod.js";
import { FormatRegistry } from "@sinclair/typebox";
import { errorString } from "../../validation/field.js";
import { isDNS1123Label } from "../../validation/names.js";

// The API server registers the formats it checks; these tests only need date-time.
if (!FormatRegistry.Has("date-time"))
  FormatRegistry.Set("date-time", (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v),
  );

/** A pod as `kubectl get pod -o json` shows one on a real cluster (defaults and status filled in). */
const realPod = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: {
    name: "web-7d4b9c8f5-x2x9z",
    namespace: "default",
    labels: { app: "web", "pod-template-hash": "7d4b9c8f5" },
    ownerReferences: [
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        name: "web-7d4b9c8f5",
        uid: "3f0e3a8e-1c39-4a5e-9e55-0d3c2c7b3a10",
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    containers: [
      {
        name: "nginx",
        image: "nginx:1.25",
        imagePullPolicy: "IfNotPresent",
        ports: [{ containerPort: 80, name: "http", protocol: "TCP" }],
        env: [
          { name: "POD_IP", valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: "status.podIP" } } },
          { name: "MODE", value: "prod" },
        ],
        resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: "250m", memory: "64Mi" } },
        readinessProbe: {
          httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
          periodSeconds: 5,
          timeoutSeconds: 1,
          successThreshold: 1,
          failureThreshold: 3,
        },
        volumeMounts: [
          { name: "config", mountPath: "/etc/nginx/conf.d", readOnly: true },
          {
            name: "kube-api-access-abcde",
            mountPath: "/var/run/secrets/kubernetes.io/serviceaccount",
            readOnly: true,
          },
        ],
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"] },
          runAsNonRoot: true,
        },
        terminationMessagePath: "/dev/termination-log",
        terminationMessagePolicy: "File",
      },
    ],
    volumes: [
      { name: "config", configMap: { name: "nginx-conf", defaultMode: 420 } },
      {
        name: "kube-api-access-abcde",
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
            { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            {
              downwardAPI: {
                items: [
                  { path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } },
                ],
              },
            },
          ],
        },
      },
    ],
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: { matchLabels: { app: "web" } },
              topologyKey: "kubernetes.io/hostname",
            },
          },
        ],
      },
    },
    tolerations: [
      {
        key: "node.kubernetes.io/not-ready",
        operator: "Exists",
        effect: "NoExecute",
        tolerationSeconds: 300,
      },
    ],
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { app: "web" } },
      },
    ],
    dnsPolicy: "ClusterFirst",
    enableServiceLinks: true,
    nodeName: "node-1",
    preemptionPolicy: "PreemptLowerPriority",
    priority: 0,
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    securityContext: { fsGroup: 2000 },
    serviceAccount: "default",
    serviceAccountName: "default",
    terminationGracePeriodSeconds: 30,
  },
  status: {
    phase: "Running",
    conditions: [
      { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: "2024-05-01T10:00:05Z" },
    ],
    hostIP: "10.0.0.5",
    hostIPs: [{ ip: "10.0.0.5" }],
    podIP: "10.42.0.7",
    podIPs: [{ ip: "10.42.0.7" }],
    qosClass: "Burstable",
    startTime: "2024-05-01T10:00:00Z",
    containerStatuses: [
      {
        name: "nginx",
        ready: true,
        started: true,
        restartCount: 0,
        image: "docker.io/library/nginx:1.25",
        imageID:
          "docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
        containerID: "containerd://4a1b",
        state: { running: { startedAt: "2024-05-01T10:00:03Z" } },
        lastState: {},
      },
    ],
  },
};

test("a realistic pod passes the schema; an unknown field anywhere is rejected", () => {
  // lastProbeTime: null is what real clusters emit; the schema treats null as absent.
  const pod = structuredClone(realPod) as Record<string, any>;
  delete pod.status.conditions[0].lastProbeTime;
  assert.deepEqual(
    [...Value.Errors(Pod, pod)].map((e) => `${e.path}: ${e.message}`),
    [],
  );
  const bad = structuredClone(pod);
  bad.spec.containers[0].imagePullPolicyy = "Always";
  assert.equal(Value.Check(Pod, bad), false);
  const badVolume = structuredClone(pod);
  badVolume.spec.volumes[0].configMap.nam = "x";
  assert.equal(Value.Check(Pod, badVolume), false);
});

test("PodTemplateSpec accepts a Deployment's template and rejects a misspelt spec field", () => {
  const template = {
    metadata: { labels: { app: "web" } },
    spec: { containers: [{ name: "c", image: "busybox" }] },
  };
  assert.equal(Value.Check(PodTemplateSpec, template), true);
  assert.equal(
    Value.Check(PodTemplateSpec, { ...template, spec: { ...template.spec, restartpolicy: "Never" } }),
    false,
  );
});

test("pod defaults: spec, container, port, probe, volume and pod-only defaults", () => {
  const pod = {
    metadata: { name: "p" },
    spec: {
      hostNetwork: true,
      containers: [
        {
          name: "a",
          image: "nginx",
          ports: [{ containerPort: 8080 }],
          resources: { limits: { cpu: "1" }, requests: { memory: "1Gi" } },
          livenessProbe: { httpGet: { port: 8080 } },
          startupProbe: { grpc: { port: 9000 } },
          env: [{ name: "N", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        },
      ],
      volumes: [
        { name: "s", secret: { secretName: "x" } },
        { name: "e" },
        { name: "h", hostPath: { path: "/tmp" } },
        { name: "t", projected: { sources: [{ serviceAccountToken: { path: "token" } }] } },
      ],
    },
  } as unknown as Pod;
  pods.defaults!(pod as any);
  const spec = pod.spec!;
  const c = spec.containers[0];
  assert.equal(spec.restartPolicy, "Always");
  assert.equal(spec.dnsPolicy, "ClusterFirst");
  assert.equal(spec.schedulerName, "default-scheduler");
  assert.equal(spec.terminationGracePeriodSeconds, 30);
  assert.deepEqual(spec.securityContext, {});
  assert.equal(spec.enableServiceLinks, true);
  assert.equal(c.imagePullPolicy, "Always");
  assert.equal(c.terminationMessagePath, "/dev/termination-log");
  assert.equal(c.terminationMessagePolicy, "File");
  assert.deepEqual(c.ports, [{ containerPort: 8080, protocol: "TCP", hostPort: 8080 }]);
  assert.deepEqual(c.resources?.requests, { memory: "1Gi", cpu: "1" });
  assert.deepEqual(c.livenessProbe, {
    httpGet: { port: 8080, path: "/", scheme: "HTTP" },
    timeoutSeconds: 1,
    periodSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  });
  assert.equal(c.startupProbe?.grpc?.service, "");
  assert.equal(c.env?.[0].valueFrom?.fieldRef?.apiVersion, "v1");
  assert.deepEqual(spec.volumes?.[0].secret, { secretName: "x", defaultMode: 420 });
  assert.deepEqual(spec.volumes?.[1].emptyDir, {});
  assert.equal(spec.volumes?.[2].hostPath?.type, "");
  assert.equal(spec.volumes?.[3].projected?.defaultMode, 420);
  assert.equal(spec.volumes?.[3].projected?.sources?.[0].serviceAccountToken?.expirationSeconds, 3600);
});

test("template defaults leave out the pod-only ones (enableServiceLinks, requests from limits)", () => {
  const spec = { containers: [{ name: "a", image: "nginx:1.25", resources: { limits: { cpu: "1" } } }] };
  applyPodSpecDefaults(spec);
  assert.equal((spec as any).enableServiceLinks, undefined);
  assert.equal((spec as any).containers[0].resources.requests, undefined);
  assert.equal((spec as any).containers[0].imagePullPolicy, "IfNotPresent");
});

test("prepareForCreate: Pending with the QoS class; prepareForUpdate keeps the stored status", () => {
  const pod = {
    metadata: { name: "p" },
    spec: { containers: [{ name: "a", image: "x", resources: { limits: { cpu: "1", memory: "1Gi" } } }] },
    status: { phase: "Running" },
  } as any;
  pods.defaults!(pod);
  pods.prepareForCreate!(pod);
  assert.deepEqual(pod.status, { phase: "Pending", qosClass: "Guaranteed" });
  const update = structuredClone(pod);
  update.status = { phase: "Failed" };
  pods.prepareForUpdate!(update, pod);
  assert.deepEqual(update.status, { phase: "Pending", qosClass: "Guaranteed" });
});

const errorsOf = (spec: unknown) => {
  // Validation runs on defaulted objects, as in the API server.
  const pod = { metadata: { name: "p" }, spec: structuredClone(spec) } as any;
  pods.defaults!(pod);
  return pods.validate!(pod).map(errorString);
};

test("pod validation: the important rules with upstream's paths and messages", () => {
  const valid = {
    containers: [{ name: "a", image: "x", imagePullPolicy: "Always", terminationMessagePolicy: "File" }],
    restartPolicy: "Always",
    dnsPolicy: "ClusterFirst",
  };
  assert.deepEqual(errorsOf(valid), []);
  const cases: [string, unknown, string[]][] = [
    ["no containers", { ...valid, containers: [] }, ["spec.containers: Required value"]],
    [
      "bad and duplicate names, missing image",
      {
        ...valid,
        containers: [
          { name: "A", image: "x" },
          { name: "b", image: "" },
          { name: "b", image: "y" },
        ],
      },
      [
        `spec.containers[0].name: Invalid value: "A": ${isDNS1123Label("A")[0]}`,
        "spec.containers[1].image: Required value",
        `spec.containers[2].name: Duplicate value: "b"`,
      ],
    ],
    [
      "ports",
      {
        ...valid,
        containers: [
          {
            name: "a",
            image: "x",
            ports: [
              { containerPort: 70000, protocol: "TCP" },
              { containerPort: 80, protocol: "HTTP" },
            ],
          },
        ],
      },
      [
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
        `spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"`,
      ],
    ],
    [
      "restartPolicy",
      { ...valid, restartPolicy: "Sometimes" },
      [
        `spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`,
      ],
    ],
    [
      "dnsPolicy",
      { ...valid, dnsPolicy: "Cluster" },
      [
        `spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`,
      ],
    ],
    [
      "volumes unique, mounts must name a volume",
      {
        ...valid,
        volumes: [
          { name: "v", emptyDir: {} },
          { name: "v", emptyDir: {} },
        ],
        containers: [{ name: "a", image: "x", volumeMounts: [{ name: "w", mountPath: "/w" }] }],
      },
      [
        `spec.volumes[1].name: Duplicate value: "v"`,
        `spec.containers[0].volumeMounts[0].name: Not found: "w"`,
      ],
    ],
    [
      "requests above limits",
      {
        ...valid,
        containers: [
          { name: "a", image: "x", resources: { limits: { cpu: "500m" }, requests: { cpu: "1" } } },
        ],
      },
      [
        `spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m`,
      ],
    ],
    [
      "env names",
      { ...valid, containers: [{ name: "a", image: "x", env: [{ name: "" }, { name: "A=B" }] }] },
      [
        "spec.containers[0].env[0].name: Required value",
        `spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      ],
    ],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(errorsOf(spec), want, name);
});

test("validatePodTemplateSpec reports paths under the given prefix", () => {
  const template = {
    metadata: { labels: { "bad key!": "v" } },
    spec: { containers: [{ name: "c" }] },
  } as unknown as PodTemplateSpec;
  applyPodSpecDefaults(template.spec!);
  const errs = validatePodTemplateSpec(template, "spec.template").map((e) => e.field);
  assert.deepEqual(errs, ["spec.template.metadata.labels", "spec.template.spec.containers[0].image"]);
});

test("pod updates may change images but not other spec fields", () => {
  const old = { metadata: { name: "p" }, spec: { containers: [{ name: "a", image: "x:1" }] } } as any;
  pods.defaults!(old);
  const imageOnly = structuredClone(old);
  imageOnly.spec.containers[0].image = "x:2";
  assert.deepEqual(pods.validateUpdate!(imageOnly, old), []);
  const portAdded = structuredClone(old);
  portAdded.spec.containers[0].ports = [{ containerPort: 80, protocol: "TCP" }];
  const errs = pods.validateUpdate!(portAdded, old);
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, "spec");
  assert.equal(errs[0].type, "FieldValueForbidden");
  assert.ok(
    errs[0].detail!.startsWith(
      "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n",
    ),
  );
  assert.match(errs[0].detail!, /\+ spec\.containers\[0\]\.ports/);
  const tolerationAdded = structuredClone(old);
  tolerationAdded.spec.tolerations = [{ key: "k", operator: "Exists" }];
  assert.deepEqual(pods.validateUpdate!(tolerationAdded, old), []);
});

test("pod field selectors", () => {
  const pod = structuredClone(realPod) as any;
  const f = pods.fieldSelectors!;
  assert.equal(f["spec.nodeName"](pod), "node-1");
  assert.equal(f["spec.hostNetwork"](pod), "false");
  assert.equal(f["status.phase"](pod), "Running");
  assert.equal(f["status.podIP"](pod), "10.42.0.7");
  assert.equal(f["spec.serviceAccountName"](pod), "default");
  assert.equal(f["status.nominatedNodeName"](pod), "");
});

test("pods discovery facts", () => {
  assert.deepEqual(pods.shortNames, ["po"]);
  assert.deepEqual(pods.categories, ["all"]);
  const subs = pods.extraSubresources!.map((s) => s.name);
  for (const s of [
    "log",
    "exec",
    "attach",
    "portforward",
    "proxy",
    "binding",
    "eviction",
    "ephemeralcontainers",
    "resize",
  ])
    assert.ok(subs.includes(s), s);
  assert.deepEqual(
    pods.extraSubresources!.find((s) => s.name === "eviction"),
    {
      name: "eviction",
      kind: "Eviction",
      group: "policy",
      version: "v1",
      verbs: ["create"],
    },
  );
});

test("pod validation: containers of each kind, probes, env, DNS, tolerations", () => {
  const c = { name: "a", image: "x" };
  const cases: [string, object, string[]][] = [
    [
      "regular containers may not set restartPolicy; init containers only Always",
      {
        containers: [{ ...c, restartPolicy: "Always" }],
        initContainers: [{ name: "i", image: "x", restartPolicy: "Never" }],
      },
      [
        "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
        `spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"`,
      ],
    ],
    [
      "init containers without restartPolicy Always may not have probes; names unique across kinds",
      {
        containers: [c],
        initContainers: [{ name: "a", image: "x", readinessProbe: { exec: { command: ["true"] } } }],
      },
      [
        `spec.initContainers[0].name: Duplicate value: "a"`,
        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
      ],
    ],
    [
      "probes need exactly one handler; liveness successThreshold is 1",
      {
        containers: [
          {
            ...c,
            livenessProbe: { successThreshold: 2, exec: { command: ["true"] } },
            readinessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 80 } },
          },
        ],
      },
      [
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
        "spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type",
      ],
    ],
    [
      "ephemeral containers may not set ports and must target a known container",
      {
        containers: [c],
        ephemeralContainers: [
          { name: "debug", image: "busybox", targetContainerName: "nope", ports: [{ containerPort: 80 }] },
        ],
      },
      [
        `spec.ephemeralContainers[0].targetContainerName: Not found: "nope"`,
        "spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
      ],
    ],
    [
      "host ports may not collide",
      {
        containers: [
          { ...c, ports: [{ containerPort: 80, hostPort: 8080 }] },
          { name: "b", image: "x", ports: [{ containerPort: 81, hostPort: 8080 }] },
        ],
      },
      [`spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"`],
    ],
    [
      "dnsPolicy None needs dnsConfig",
      { containers: [c], dnsPolicy: "None" },
      ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"],
    ],
    [
      "env valueFrom",
      {
        containers: [
          {
            ...c,
            env: [
              { name: "A", value: "x", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
              { name: "B", valueFrom: {} },
              { name: "C", valueFrom: { fieldRef: { fieldPath: "spec.hostname" } } },
            ],
          },
        ],
      },
      [
        `spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
        `spec.containers[0].env[1].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``,
        `spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Unsupported value: "spec.hostname": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
      ],
    ],
    [
      "tolerations",
      {
        containers: [c],
        tolerations: [
          { operator: "Equal", value: "v" },
          { key: "k", operator: "Exists", value: "v" },
          { key: "k", tolerationSeconds: 5, effect: "NoSchedule" },
        ],
      },
      [
        `spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
        `spec.tolerations[1].operator: Invalid value: {"Key":"k","Operator":"Exists","Value":"v","Effect":"","TolerationSeconds":null}: value must be empty when \`operator\` is 'Exists'`,
        `spec.tolerations[2].effect: Invalid value: "NoSchedule": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      ],
    ],
    [
      "a pod's hostNetwork ports must use hostPort = containerPort",
      { hostNetwork: true, containers: [{ ...c, ports: [{ containerPort: 80, hostPort: 81 }] }] },
      [
        "spec.containers[0].ports[0].hostPort: Invalid value: 81: must match `containerPort` when `hostNetwork` is true",
      ],
    ],
    [
      "a pod's images may not have surrounding whitespace",
      { containers: [{ name: "a", image: "nginx " }] },
      [`spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace`],
    ],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(errorsOf(spec), want, name);
});

test("templates: terminationGracePeriodSeconds and enums are required (they are defaulted first in practice)", () => {
  const errs = validatePodTemplateSpec(
    { spec: { containers: [{ name: "c", image: "x" }] } },
    "spec.template",
  ).map(errorString);
  assert.deepEqual(errs, [
    "spec.template.spec.terminationGracePeriodSeconds: Required value",
    "spec.template.spec.containers[0].terminationMessagePolicy: Required value",
    "spec.template.spec.containers[0].imagePullPolicy: Required value",
    "spec.template.spec.restartPolicy: Required value",
    "spec.template.spec.dnsPolicy: Required value",
  ]);
});

test("pod validation: affinity", () => {
  const spec = {
    containers: [{ name: "a", image: "x" }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: "zone", operator: "In" },
                { key: "gpu", operator: "Exists", values: ["x"] },
              ],
            },
          ],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: {} }],
      },
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "" },
        ],
      },
    },
  };
  const base = "spec.affinity.nodeAffinity";
  assert.deepEqual(errorsOf(spec), [
    `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    `${base}.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`,
    "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty",
  ]);
});
