import { test } from "node:test";
import assert from "node:assert/strict";
import { errorString } from "../../validation/field.js";
import { ingresses, formatHosts } from "./ingress.js";
import { validateIngressStatus } from "./ingress-validation.js";

const backend = { service: { name: "web", port: { number: 80 } } };
function ing(spec: any, metadata: any = {}): any {
  return { metadata: { name: "i", namespace: "default", ...metadata }, spec };
}
const messages = (obj: any) => (ingresses.validate!(obj) ?? []).map(errorString);

test("a valid ingress has no errors", () => {
  assert.deepEqual(
    messages(
      ing({
        rules: [{ host: "foo.bar.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }],
      }),
    ),
    [],
  );
  assert.deepEqual(messages(ing({ defaultBackend: backend })), []);
});

test("ingress validation: upstream fields and messages", () => {
  const cases: [string, any, string[]][] = [
    [
      "no rules, no default backend",
      {},
      ["spec: Invalid value: null: either `defaultBackend` or `rules` must be specified"],
    ],
    [
      "pathType required",
      { rules: [{ http: { paths: [{ path: "/", backend }] } }] },
      ["spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified"],
    ],
    [
      "pathType enum",
      { rules: [{ http: { paths: [{ path: "/", pathType: "Regex", backend }] } }] },
      [
        'spec.rules[0].http.paths[0].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      ],
    ],
    [
      "Prefix paths must be absolute",
      { rules: [{ http: { paths: [{ path: "foo", pathType: "Prefix", backend }] } }] },
      ['spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path'],
    ],
    [
      "Exact paths must not contain //",
      { rules: [{ http: { paths: [{ path: "/a//b", pathType: "Exact", backend }] } }] },
      ["spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'"],
    ],
    [
      "ImplementationSpecific allows an empty path",
      { rules: [{ http: { paths: [{ pathType: "ImplementationSpecific", backend }] } }] },
      [],
    ],
    [
      "empty paths",
      { rules: [{ host: "a.com", http: { paths: [] } }] },
      ["spec.rules[0].http.paths: Required value"],
    ],
    [
      "host may not be an IP",
      { rules: [{ host: "1.2.3.4", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }] },
      ['spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address'],
    ],
    [
      "wildcard host must be *.subdomain",
      { rules: [{ host: "foo.*.com", http: { paths: [{ path: "/", pathType: "Prefix", backend }] } }] },
      [
        "spec.rules[0].host: Invalid value: \"foo.*.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      "service name required",
      { defaultBackend: { service: { port: { number: 80 } } } },
      ["spec.defaultBackend.service.name: Required value"],
    ],
    [
      "service port name or number",
      { defaultBackend: { service: { name: "web", port: {} } } },
      ["spec.defaultBackend: Required value: port name or number is required"],
    ],
    [
      "port number range",
      { defaultBackend: { service: { name: "web", port: { number: 70000 } } } },
      [
        "spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive",
      ],
    ],
    [
      "both port name and number",
      { defaultBackend: { service: { name: "web", port: { name: "http", number: 80 } } } },
      ['spec.defaultBackend: Invalid value: "": cannot set both port name & port number'],
    ],
    [
      "resource and service",
      { defaultBackend: { ...backend, resource: { kind: "Bucket", name: "b" } } },
      ['spec.defaultBackend: Invalid value: "": cannot set both resource and service backends'],
    ],
    [
      "neither resource nor service",
      { defaultBackend: {} },
      ['spec.defaultBackend: Invalid value: "": resource or service backend is required'],
    ],
  ];
  for (const [name, spec, want] of cases) assert.deepEqual(messages(ing(spec)), want, name);
});

test("service names are DNS-1035 labels", () => {
  const errs = ingresses.validate!(
    ing({ defaultBackend: { service: { name: "1web", port: { number: 80 } } } }),
  );
  assert.equal(errs.length, 1);
  assert.equal(errs[0].field, "spec.defaultBackend.service.name");
  assert.match(errs[0].detail ?? "", /DNS-1035 label/);
});

test("class annotation must match ingressClassName on create", () => {
  const obj = ing(
    { ingressClassName: "a", defaultBackend: backend },
    { annotations: { "kubernetes.io/ingress.class": "b" } },
  );
  assert.deepEqual(messages(obj), [
    'annotations.kubernetes.io/ingress.class: Invalid value: "b": must match `ingressClassName` when both are specified',
  ]);
  // Update does not re-check the annotation.
  assert.deepEqual(ingresses.validateUpdate!(obj, obj), []);
});

test("update keeps accepting an invalid TLS secret name that is already stored", () => {
  const old = ing({ defaultBackend: backend, tls: [{ secretName: "Bad_Name" }] });
  assert.equal(ingresses.validate!(old).length, 1);
  assert.deepEqual(ingresses.validateUpdate!(old, old), []);
});

test("status: load-balancer addresses", () => {
  const old = ing({ defaultBackend: backend });
  const obj = {
    ...old,
    status: { loadBalancer: { ingress: [{ ip: "not-an-ip" }, { hostname: "10.0.0.1" }] } },
  };
  assert.deepEqual(validateIngressStatus(obj, old).map(errorString), [
    'status.loadBalancer.ingress[0].ip: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    'status.loadBalancer.ingress[1].hostname: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
  ]);
});

test("resource shape", () => {
  assert.equal(ingresses.plural, "ingresses");
  assert.deepEqual(ingresses.shortNames, ["ing"]);
  assert.equal(ingresses.status, true);
  assert.equal(ingresses.generation, true);
  assert.equal(ingresses.namespaced, true);
});

test("columns: NAME CLASS HOSTS ADDRESS PORTS AGE", () => {
  const now = Date.parse("2024-01-01T00:10:00Z");
  const obj = {
    metadata: { name: "web", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      tls: [{ hosts: ["a.com"] }],
      rules: [{ host: "a.com" }, { host: "b.com" }, {}, { host: "d.com" }, { host: "e.com" }],
    },
    status: {
      loadBalancer: { ingress: [{ ip: "10.0.0.2" }, { hostname: "lb.example.com" }, { ip: "10.0.0.1" }] },
    },
  };
  const cols = ingresses.printerColumns!;
  assert.deepEqual(
    cols.map((c) => c.name.toUpperCase()),
    ["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
  );
  assert.deepEqual(
    cols.map((c) => c.cell(obj, now)),
    ["web", "<none>", "a.com,b.com,d.com + 2 more...", "10.0.0.1,10.0.0.2,lb.example.com", "80, 443", "10m"],
  );
  assert.equal(formatHosts([{}]), "*");
  assert.equal(formatHosts(undefined), "*");
});
