import { test } from "node:test";
import assert from "node:assert/strict";
import { Value } from "@sinclair/typebox/value";
import { Ingress, IngressClass, NetworkPolicy } from "./types.js";

// The Ingress from the Kubernetes docs (concepts/services-networking/ingress, "minimal-ingress"), plus TLS.
const ingress = {
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: {
    name: "minimal-ingress",
    annotations: { "nginx.ingress.kubernetes.io/rewrite-target": "/" },
  },
  spec: {
    ingressClassName: "nginx-example",
    tls: [{ hosts: ["https-example.foo.com"], secretName: "testsecret-tls" }],
    rules: [
      {
        host: "https-example.foo.com",
        http: {
          paths: [
            {
              path: "/testpath",
              pathType: "Prefix",
              backend: { service: { name: "test", port: { number: 80 } } },
            },
          ],
        },
      },
    ],
  },
  status: { loadBalancer: { ingress: [{ ip: "10.0.0.1", ports: [{ port: 80, protocol: "TCP" }] }] } },
};

const netpol = {
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "test-network-policy", namespace: "default" },
  spec: {
    podSelector: { matchLabels: { role: "db" } },
    policyTypes: ["Ingress", "Egress"],
    ingress: [
      {
        from: [
          { ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } },
          { namespaceSelector: { matchLabels: { project: "myproject" } } },
          { podSelector: { matchLabels: { role: "frontend" } } },
        ],
        ports: [{ protocol: "TCP", port: 6379 }],
      },
    ],
    egress: [
      {
        to: [{ ipBlock: { cidr: "10.0.0.0/24" } }],
        ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }],
      },
    ],
  },
};

const ingressClass = {
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name: "external-lb", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } },
  spec: {
    controller: "example.com/ingress-controller",
    parameters: {
      apiGroup: "k8s.example.com",
      kind: "IngressParameters",
      name: "external-lb",
      scope: "Cluster",
    },
  },
};

test("real manifests from the Kubernetes docs pass the schema", () => {
  assert.equal(Value.Check(Ingress, ingress), true, JSON.stringify([...Value.Errors(Ingress, ingress)][0]));
  assert.equal(
    Value.Check(NetworkPolicy, netpol),
    true,
    JSON.stringify([...Value.Errors(NetworkPolicy, netpol)][0]),
  );
  assert.equal(Value.Check(IngressClass, ingressClass), true);
});

test("unknown fields are rejected (strict field validation)", () => {
  const bad = structuredClone(ingress) as any;
  bad.spec.rules[0].http.paths[0].backend.serviceName = "test"; // the removed extensions/v1beta1 field
  assert.equal(Value.Check(Ingress, bad), false);
  const bad2 = structuredClone(netpol) as any;
  bad2.spec.ingress[0].from[0].ipBlock.exclude = [];
  assert.equal(Value.Check(NetworkPolicy, bad2), false);
});

test("the inline IngressRuleValue is described for the protobuf decoder", () => {
  const rule = (Ingress.properties.spec as any).properties.rules.items;
  assert.deepEqual(rule["x-proto"], { host: 1 });
  assert.deepEqual(rule["x-proto-inline"], { "2": { http: 1 } });
  assert.equal(rule.properties.http.$id, "io.k8s.api.networking.v1.HTTPIngressRuleValue");
});
