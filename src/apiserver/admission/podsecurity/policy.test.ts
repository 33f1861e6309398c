import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluatePod, forbiddenDetail } from "./policy.js";
import { policyToEvaluate } from "./admission.js";

const pod = (spec: object, meta: object = {}) => ({ meta, spec });
const run = (level: "baseline" | "restricted", p: { meta: object; spec: object }, minor = 32) =>
  forbiddenDetail(evaluatePod(level, minor, p.meta, p.spec));

test("restricted lists every failed check in upstream's order and words", () => {
  const p = pod({ containers: [{ name: "c", image: "nginx", securityContext: { privileged: true } }] });
  assert.equal(
    run("restricted", p),
    'privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
  );
  assert.equal(run("baseline", p), 'privileged (container "c" must not set securityContext.privileged=true)');
});

test("a pod meeting restricted passes; baseline catches host namespaces, ports, paths, capabilities, sysctls", () => {
  const good = pod({
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "c",
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
        },
      },
    ],
    volumes: [{ name: "v", emptyDir: {} }],
  });
  assert.equal(run("restricted", good), "");
  const bad = pod({
    hostNetwork: true,
    hostPID: true,
    securityContext: {
      sysctls: [
        { name: "kernel.msgmax", value: "1" },
        { name: "net.ipv4.tcp_rmem", value: "1" },
      ],
    },
    containers: [
      {
        name: "a",
        ports: [{ containerPort: 80, hostPort: 8080 }],
        securityContext: { capabilities: { add: ["SYS_ADMIN", "CHOWN"] } },
      },
      { name: "b", ports: [{ containerPort: 81, hostPort: 8081 }] },
    ],
    volumes: [{ name: "h", hostPath: { path: "/" } }],
  });
  assert.equal(
    run("baseline", bad),
    'non-default capabilities (container "a" must not include "SYS_ADMIN" in securityContext.capabilities.add), host namespaces (hostNetwork=true, hostPID=true), hostPath volumes (volume "h"), hostPort (containers "a", "b" use hostPorts 8080, 8081), forbidden sysctls (kernel.msgmax)',
  );
  // tcp_rmem became allowed in v1.32
  assert.match(run("baseline", bad, 31), /forbidden sysctls \(kernel\.msgmax, net\.ipv4\.tcp_rmem\)/);
  // restricted replaces hostPath volumes by restricted volume types
  assert.match(
    run("restricted", bad),
    /restricted volume types \(volume "h" uses restricted volume type "hostPath"\)/,
  );
  assert.doesNotMatch(run("restricted", bad), /hostPath volumes/);
});

test("namespace labels choose levels; warn follows a stricter enforce; bad labels are field errors", () => {
  const p = policyToEvaluate({ "pod-security.kubernetes.io/enforce": "baseline" }).policy;
  assert.deepEqual(p.enforce, { level: "baseline", version: "latest" });
  assert.deepEqual(p.warn, { level: "baseline", version: "latest" });
  assert.deepEqual(p.audit, { level: "privileged", version: "latest" });
  const bad = policyToEvaluate({
    "pod-security.kubernetes.io/enforce": "strict",
    "pod-security.kubernetes.io/warn-version": "1.25",
  });
  assert.deepEqual(
    bad.errs.map((e) => [e.field, e.detail]),
    [
      [
        "metadata.labels[pod-security.kubernetes.io/enforce]",
        "must be one of privileged, baseline, restricted",
      ],
      ["metadata.labels[pod-security.kubernetes.io/warn-version]", 'must be "latest" or "v1.x"'],
    ],
  );
  assert.equal(bad.policy.enforce.level, "restricted");
});
