import { test } from "node:test";
import assert from "node:assert/strict";
import { findPort, serviceSelector } from "./servicepods.js";

test("named target ports resolve per pod and protocol; sidecar ports count", () => {
  const pod = {
    spec: {
      containers: [{ name: "a", ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] }],
      initContainers: [
        { name: "s", restartPolicy: "Always", ports: [{ name: "proxy", containerPort: 15001 }] },
      ],
    },
  };
  assert.equal(findPort(pod, { port: 53, targetPort: "dns", protocol: "UDP" }), 53);
  assert.equal(findPort(pod, { port: 53, targetPort: "dns", protocol: "TCP" }), undefined);
  assert.equal(findPort(pod, { port: 80, targetPort: "proxy" }), 15001);
  assert.equal(findPort(pod, { port: 80 }), 80); // targetPort defaults to port
  assert.equal(findPort(pod, { port: 80, targetPort: 8080 }), 8080);
});

test("no selector: none; an empty selector: every pod", () => {
  assert.equal(serviceSelector({ metadata: {}, spec: {} }), undefined);
  assert.equal(serviceSelector({ metadata: {}, spec: { selector: {} } })?.({ metadata: {} }), true);
  const sel = serviceSelector({ metadata: {}, spec: { selector: { app: "x" } } })!;
  assert.equal(sel({ metadata: { labels: { app: "x", z: "1" } } }), true);
  assert.equal(sel({ metadata: { labels: { app: "y" } } }), false);
});
