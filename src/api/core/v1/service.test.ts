import { test } from "node:test";
import assert from "node:assert/strict";
import { FormatRegistry } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { errorString } from "../../validation/field.js";
import { services, type Service } from "./service.js";

if (!FormatRegistry.Has("date-time")) FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const svc = (spec: NonNullable<Service["spec"]>, extra: Partial<Service> = {}): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "web", namespace: "default" },
  spec,
  ...extra,
});

/** Defaults then validation, as the API server runs them on create. */
function create(s: Service): string[] {
  services.defaults!(s);
  services.prepareForCreate!(s);
  return services.validate!(s).map(errorString);
}

test("defaults as SetDefaults_Service", () => {
  const cases: { name: string; in: NonNullable<Service["spec"]>; want: NonNullable<Service["spec"]> }[] = [
    {
      name: "ClusterIP",
      in: { selector: { app: "web" }, ports: [{ port: 80 }] },
      want: {
        selector: { app: "web" },
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
        sessionAffinity: "None",
        type: "ClusterIP",
        internalTrafficPolicy: "Cluster",
      },
    },
    {
      name: "NodePort keeps named target port",
      in: { type: "NodePort", ports: [{ port: 80, targetPort: "http", protocol: "UDP" }] },
      want: {
        type: "NodePort",
        ports: [{ port: 80, targetPort: "http", protocol: "UDP" }],
        sessionAffinity: "None",
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
      },
    },
    {
      name: "LoadBalancer",
      in: { type: "LoadBalancer", ports: [{ port: 443, targetPort: 0 }] },
      want: {
        type: "LoadBalancer",
        ports: [{ port: 443, targetPort: 443, protocol: "TCP" }],
        sessionAffinity: "None",
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
        allocateLoadBalancerNodePorts: true,
      },
    },
    {
      name: "ClientIP affinity gets a timeout",
      in: { sessionAffinity: "ClientIP", ports: [{ port: 80 }] },
      want: {
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
        type: "ClusterIP",
        internalTrafficPolicy: "Cluster",
      },
    },
    {
      name: "ExternalName has no traffic policies",
      in: { type: "ExternalName", externalName: "db.example.com" },
      want: { type: "ExternalName", externalName: "db.example.com", sessionAffinity: "None" },
    },
    {
      name: "ClusterIP with external IPs is externally accessible",
      in: { externalIPs: ["192.0.2.10"], ports: [{ port: 80 }] },
      want: {
        externalIPs: ["192.0.2.10"],
        ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
        sessionAffinity: "None",
        type: "ClusterIP",
        externalTrafficPolicy: "Cluster",
        internalTrafficPolicy: "Cluster",
      },
    },
  ];
  for (const c of cases) {
    const s = svc(structuredClone(c.in));
    services.defaults!(s);
    assert.deepEqual(s.spec, c.want, c.name);
  }
});

test("validation messages and paths as upstream", () => {
  const cases: { name: string; spec: NonNullable<Service["spec"]>; want: string[] }[] = [
    {
      name: "valid",
      spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80 }] },
      want: [],
    },
    {
      name: "second port without a name",
      spec: { ports: [{ name: "http", port: 80 }, { port: 443 }] },
      want: ["spec.ports[1].name: Required value"],
    },
    {
      name: "port out of range and bad protocol",
      spec: { ports: [{ port: 70000, protocol: "HTTP", targetPort: 8080 }] },
      want: [
        "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
        'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      ],
    },
    {
      name: "duplicate port names",
      spec: {
        ports: [
          { name: "http", port: 80 },
          { name: "http", port: 81 },
        ],
      },
      want: ['spec.ports[1].name: Duplicate value: "http"'],
    },
    {
      name: "port name not a DNS label",
      spec: { ports: [{ name: "Web", port: 80 }] },
      want: [
        "spec.ports[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
      ],
    },
    {
      name: "bad target port name",
      spec: { ports: [{ port: 80, targetPort: "http--x" }] },
      want: ['spec.ports[0].targetPort: Invalid value: "http--x": must not contain consecutive hyphens'],
    },
    {
      name: "unknown type",
      spec: { type: "Magic", ports: [{ port: 80 }] },
      want: [
        'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
      ],
    },
    {
      name: "ExternalName needs a name",
      spec: { type: "ExternalName" },
      want: ["spec.externalName: Required value"],
    },
    {
      name: "no ports",
      spec: { selector: { app: "web" } },
      want: ["spec.ports: Required value"],
    },
    {
      name: "headless NodePort",
      spec: { type: "NodePort", clusterIP: "None", ports: [{ port: 80, nodePort: 30080 }] },
      want: ["spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"],
    },
    {
      name: "nodePort on ClusterIP and duplicate ports",
      spec: {
        ports: [
          { name: "a", port: 80, nodePort: 30001 },
          { name: "b", port: 80 },
        ],
      },
      want: [
        "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
        'spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
      ],
    },
    {
      name: "non-canonical and loopback external IPs",
      spec: { externalIPs: ["127.0.0.1", "2001:DB8::1"], ports: [{ port: 80 }] },
      want: [
        'spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[1]: Invalid value: "2001:DB8::1": must be in canonical form ("2001:db8::1")',
      ],
    },
    {
      name: "cluster IPs must agree",
      spec: { clusterIP: "10.43.0.5", clusterIPs: ["10.43.0.6"], ports: [{ port: 80 }] },
      want: ['spec.clusterIPs: Invalid value: ["10.43.0.6"]: first value must match `clusterIP`'],
    },
    {
      name: "source ranges only on load balancers",
      spec: { loadBalancerSourceRanges: ["10.0.0.1/8"], ports: [{ port: 80 }] },
      want: [
        "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
        'spec.LoadBalancerSourceRanges[0]: Invalid value: "10.0.0.1/8": must not have bits set beyond the prefix length',
      ],
    },
    {
      name: "affinity timeout too long",
      spec: {
        sessionAffinity: "ClientIP",
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 90000 } },
        ports: [{ port: 80 }],
      },
      want: [
        "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 90000: must be greater than 0 and less than 86400",
      ],
    },
  ];
  for (const c of cases) assert.deepEqual(create(svc(structuredClone(c.spec))), c.want, c.name);
});

test("local traffic policy on a load balancer needs the health-check port the allocator assigns", () => {
  const s = svc({
    type: "LoadBalancer",
    externalTrafficPolicy: "Local",
    ports: [{ port: 80, nodePort: 30080 }],
  });
  assert.deepEqual(create(s), ["spec.healthCheckNodePort: Required value"]);
  s.spec!.healthCheckNodePort = 32000;
  assert.deepEqual(services.validate!(s).map(errorString), []);
  // Policy on a service that is not externally accessible.
  const internal = svc({ externalTrafficPolicy: "Local", ports: [{ port: 80 }] });
  assert.deepEqual(create(internal), [
    'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
  ]);
});

test("update: a resubmitted manifest keeps the allocated cluster IP; changing it is refused", () => {
  const old = svc({ selector: { app: "web" }, ports: [{ port: 80 }] });
  create(old);
  old.spec!.clusterIP = "10.43.0.10";
  old.spec!.clusterIPs = ["10.43.0.10"];
  old.status = { loadBalancer: {} };

  const again = svc({ selector: { app: "web" }, ports: [{ port: 80 }] });
  services.defaults!(again);
  services.prepareForUpdate!(again, old);
  assert.equal(again.spec!.clusterIP, "10.43.0.10");
  assert.deepEqual(again.spec!.clusterIPs, ["10.43.0.10"]);
  assert.deepEqual(again.status, { loadBalancer: {} });
  assert.deepEqual(services.validateUpdate!(again, old).map(errorString), []);

  const changed = svc({ selector: { app: "web" }, clusterIP: "10.43.0.99", ports: [{ port: 80 }] });
  services.defaults!(changed);
  services.prepareForUpdate!(changed, old);
  // Old clients set only the singular field: the plural follows it, and then may not change.
  assert.deepEqual(changed.spec!.clusterIPs, ["10.43.0.99"]);
  assert.deepEqual(services.validateUpdate!(changed, old).map(errorString), [
    'spec.clusterIPs[0]: Invalid value: ["10.43.0.99"]: may not change once set',
  ]);
});

test("switching to ExternalName releases the cluster IP and node ports", () => {
  const old = svc({
    type: "NodePort",
    clusterIP: "10.43.0.10",
    clusterIPs: ["10.43.0.10"],
    ipFamilies: ["IPv4"],
    ipFamilyPolicy: "SingleStack",
    ports: [{ port: 80, nodePort: 30080, protocol: "TCP", targetPort: 80 }],
  });
  const next = structuredClone(old);
  next.spec!.type = "ExternalName";
  next.spec!.externalName = "example.com";
  services.prepareForUpdate!(next, old);
  assert.equal(next.spec!.clusterIP, undefined);
  assert.equal(next.spec!.clusterIPs, undefined);
  assert.equal(next.spec!.ipFamilies, undefined);
  assert.equal(next.spec!.ipFamilyPolicy, undefined);
  assert.equal(next.spec!.ports![0].nodePort, undefined);
});

test("columns as printService (server tables are wide)", () => {
  const now = Date.parse("2026-01-01T00:10:00Z");
  const created = { name: "web", namespace: "default", creationTimestamp: "2026-01-01T00:00:00Z" };
  const cells = (s: Service) => services.printerColumns!.map((c) => c.cell(s, now));
  assert.deepEqual(
    services.printerColumns!.map((c) => [c.name, c.priority]),
    [
      ["Name", 0],
      ["Type", 0],
      ["Cluster-IP", 0],
      ["External-IP", 0],
      ["Port(s)", 0],
      ["Age", 0],
      ["Selector", 1],
    ],
  );
  assert.deepEqual(
    cells({
      metadata: created,
      spec: {
        type: "ClusterIP",
        clusterIPs: ["10.43.0.10"],
        selector: { tier: "front", app: "web" },
        ports: [
          { port: 80, protocol: "TCP" },
          { port: 53, protocol: "UDP" },
        ],
      },
    }),
    ["web", "ClusterIP", "10.43.0.10", "<none>", "80/TCP,53/UDP", "10m", "app=web,tier=front"],
  );
  assert.deepEqual(
    cells({
      metadata: created,
      spec: {
        type: "NodePort",
        clusterIPs: ["10.43.0.11"],
        ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }],
      },
    }),
    ["web", "NodePort", "10.43.0.11", "<none>", "80:30080/TCP", "10m", "<none>"],
  );
  const lb: Service = {
    metadata: created,
    spec: {
      type: "LoadBalancer",
      clusterIPs: ["10.43.0.12"],
      ports: [{ port: 443, nodePort: 31443, protocol: "TCP" }],
    },
  };
  assert.equal(cells(lb)[3], "<pending>");
  lb.status = {
    loadBalancer: { ingress: [{ ip: "192.0.2.2" }, { hostname: "lb.example.com" }, { ip: "192.0.2.1" }] },
  };
  assert.equal(cells(lb)[3], "192.0.2.1,192.0.2.2,lb.example.com");
  lb.spec!.externalIPs = ["198.51.100.7"];
  assert.equal(cells(lb)[3], "192.0.2.1,192.0.2.2,lb.example.com,198.51.100.7");
  assert.deepEqual(
    cells({ metadata: created, spec: { type: "ExternalName", externalName: "db.example.com" } }),
    ["web", "ExternalName", "<none>", "db.example.com", "<none>", "10m", "<none>"],
  );
});

test("schema accepts a real manifest (after defaulting and a stored status) and rejects unknown fields", () => {
  const manifest: Service = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default", labels: { app: "web" } },
    spec: {
      type: "LoadBalancer",
      selector: { app: "web" },
      ports: [
        { name: "http", port: 80, targetPort: "http", appProtocol: "http" },
        { name: "https", port: 443, targetPort: 8443, nodePort: 30443 },
      ],
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 32123,
      loadBalancerSourceRanges: ["203.0.113.0/24"],
      ipFamilyPolicy: "SingleStack",
      ipFamilies: ["IPv4"],
      trafficDistribution: "PreferClose",
      publishNotReadyAddresses: false,
    },
  };
  assert.deepEqual(create(manifest), []);
  manifest.status = {
    loadBalancer: { ingress: [{ ip: "192.0.2.1", ipMode: "VIP", ports: [{ port: 80, protocol: "TCP" }] }] },
    conditions: [
      {
        type: "LoadBalancerReady",
        status: "True",
        reason: "Ready",
        message: "",
        lastTransitionTime: "2026-01-01T00:00:00Z",
      },
    ],
  };
  assert.ok(
    Value.Check(services.schema, manifest),
    JSON.stringify([...Value.Errors(services.schema, manifest)][0]),
  );
  const bad = structuredClone(manifest) as unknown as { spec: Record<string, unknown> };
  bad.spec.clusterIp = "10.43.0.1";
  assert.equal(Value.Check(services.schema, bad), false);
});
