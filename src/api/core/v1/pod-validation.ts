// Pod and PodSpec validation: the important rules of upstream's ValidatePodSpec / ValidatePodUpdate
// (pkg/apis/core/validation/validation.go), with its messages and field paths.
import {
  type FieldError,
  Path,
  required,
  invalid,
  duplicate,
  forbidden,
  notSupported,
} from "../../validation/field.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  validateLabels,
  validateAnnotations,
} from "../../validation/names.js";
import type { Container, ContainerPort, EphemeralContainer, VolumeMount } from "./container.js";
import type { EnvVar } from "./env.js";
import type { Probe } from "./probe.js";
import type { PodSpec, PodTemplateSpec } from "./podspec.js";
import type { Volume } from "./volume.js";
import type { Toleration } from "./affinity.js";
import type { Pod } from "./pod.js";
import type { ResourceRequirements } from "./resources.js";
import { compareQuantities, canonicalQuantity, quantityMilliValue } from "../../resource/quantity.js";
import { tryQuantity } from "./pod-qos.js";

const asPath = (p: Path | string) => (typeof p === "string" ? new Path(p) : p);
const notFound = (field: string, badValue: unknown): FieldError => ({
  type: "FieldValueNotFound",
  field,
  badValue,
});

export const supportedRestartPolicies = ["Always", "OnFailure", "Never"];
export const supportedDNSPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
export const supportedPortProtocols = ["SCTP", "TCP", "UDP"];
export const supportedPullPolicies = ["Always", "IfNotPresent", "Never"];
export const supportedTerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
export const supportedTaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
export const supportedTolerationOperators = ["Equal", "Exists"];
export const supportedHostPathTypes = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

/** ValidatePodTemplateSpec: labels, annotations and the pod spec of a template at `path`. */
export function validatePodTemplateSpec(template: PodTemplateSpec, path: Path | string): FieldError[] {
  const p = asPath(path);
  const meta = template.metadata;
  return [
    ...validateLabels(meta?.labels, p.child("metadata").child("labels").toString()),
    ...validateAnnotations(meta?.annotations, p.child("metadata").child("annotations").toString()),
    ...validatePodSpec(template.spec ?? { containers: [] }, p.child("spec")),
  ];
}

/** ValidatePodCreate's spec part: the pod spec at "spec". */
export function validatePod(pod: Pod): FieldError[] {
  return validatePodSpec(pod.spec ?? { containers: [] }, new Path("spec"));
}

export function validatePodSpec(spec: PodSpec, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  const volumes = validateVolumes(spec.volumes ?? [], p.child("volumes"), errs);
  const containerNames = new Set<string>();
  validateContainers(
    spec.initContainers ?? [],
    volumes,
    containerNames,
    p.child("initContainers"),
    spec,
    errs,
    true,
  );
  if (!spec.containers || spec.containers.length === 0) errs.push(required(p.child("containers").s));
  validateContainers(
    spec.containers ?? [],
    volumes,
    containerNames,
    p.child("containers"),
    spec,
    errs,
    false,
  );
  validateContainers(
    spec.ephemeralContainers ?? [],
    volumes,
    containerNames,
    p.child("ephemeralContainers"),
    spec,
    errs,
    false,
  );
  validateEnum(spec.restartPolicy, supportedRestartPolicies, p.child("restartPolicy"), errs);
  validateEnum(spec.dnsPolicy, supportedDNSPolicies, p.child("dnsPolicy"), errs);
  if (spec.dnsPolicy === "None" && !spec.dnsConfig)
    errs.push(required(p.child("dnsConfig").s, "must provide `dnsConfig` when `dnsPolicy` is None"));
  errs.push(...validateLabels(spec.nodeSelector, p.child("nodeSelector").s));
  if (spec.serviceAccountName)
    for (const m of isDNS1123Subdomain(spec.serviceAccountName))
      errs.push(invalid(p.child("serviceAccountName").s, spec.serviceAccountName, m));
  if (spec.nodeName)
    for (const m of isDNS1123Subdomain(spec.nodeName))
      errs.push(invalid(p.child("nodeName").s, spec.nodeName, m));
  if (spec.hostname)
    for (const m of isDNS1123Label(spec.hostname))
      errs.push(invalid(p.child("hostname").s, spec.hostname, m));
  if (spec.subdomain)
    for (const m of isDNS1123Label(spec.subdomain))
      errs.push(invalid(p.child("subdomain").s, spec.subdomain, m));
  if (spec.priorityClassName)
    for (const m of isDNS1123Subdomain(spec.priorityClassName))
      errs.push(invalid(p.child("priorityClassName").s, spec.priorityClassName, m));
  if (spec.activeDeadlineSeconds !== undefined) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > 2147483647)
      errs.push(
        invalid(p.child("activeDeadlineSeconds").s, v, "must be between 1 and 2147483647, inclusive"),
      );
  }
  (spec.tolerations ?? []).forEach((t, i) => validateToleration(t, p.child("tolerations").index(i), errs));
  return errs;
}

function validateEnum(v: string | undefined, valid: string[], p: Path, errs: FieldError[]): void {
  if (v === undefined || v === "") errs.push(required(p.s));
  else if (!valid.includes(v)) errs.push(notSupported(p.s, v, valid));
}

/** The one-of VolumeSource keys of a Volume. */
const volumeSourceKeys = (v: Volume) =>
  Object.keys(v).filter((k) => k !== "name" && (v as Record<string, unknown>)[k] != null);

function validateVolumes(volumes: Volume[], p: Path, errs: FieldError[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const ip = p.index(i);
    const np = ip.child("name");
    if (!v.name) errs.push(required(np.s));
    else {
      const msgs = isDNS1123Label(v.name);
      for (const m of msgs) errs.push(invalid(np.s, v.name, m));
      if (msgs.length === 0 && names.has(v.name)) errs.push(duplicate(np.s, v.name));
      if (msgs.length === 0) names.add(v.name);
    }
    const sources = volumeSourceKeys(v);
    if (sources.length === 0) errs.push(required(ip.s, "must specify a volume type"));
    for (const extra of sources.slice(1))
      errs.push(forbidden(ip.child(extra).s, "may not specify more than 1 volume type"));
    validateVolumeSource(v, ip, errs);
  });
  return names;
}

function validateMode(mode: number | undefined, p: Path, errs: FieldError[]): void {
  if (mode !== undefined && (mode > 0o777 || mode < 0))
    errs.push(invalid(p.s, mode, "must be a number between 0 and 0777 (octal), both inclusive"));
}

function validateVolumeSource(v: Volume, p: Path, errs: FieldError[]): void {
  if (v.hostPath) {
    const hp = p.child("hostPath");
    if (!v.hostPath.path) errs.push(required(hp.child("path").s));
    if (v.hostPath.type !== undefined && !supportedHostPathTypes.includes(v.hostPath.type))
      errs.push(notSupported(hp.child("type").s, v.hostPath.type, supportedHostPathTypes));
  }
  if (v.secret) {
    const sp = p.child("secret");
    if (!v.secret.secretName) errs.push(required(sp.child("secretName").s));
    validateMode(v.secret.defaultMode, sp.child("defaultMode"), errs);
  }
  if (v.configMap) {
    const cp = p.child("configMap");
    if (!v.configMap.name) errs.push(required(cp.child("name").s));
    validateMode(v.configMap.defaultMode, cp.child("defaultMode"), errs);
  }
  if (v.persistentVolumeClaim && !v.persistentVolumeClaim.claimName)
    errs.push(required(p.child("persistentVolumeClaim").child("claimName").s));
  if (v.downwardAPI)
    validateMode(v.downwardAPI.defaultMode, p.child("downwardAPI").child("defaultMode"), errs);
  if (v.projected) validateMode(v.projected.defaultMode, p.child("projected").child("defaultMode"), errs);
  if (v.nfs) {
    if (!v.nfs.server) errs.push(required(p.child("nfs").child("server").s));
    if (!v.nfs.path) errs.push(required(p.child("nfs").child("path").s));
  }
}

function validateContainers(
  containers: (Container | EphemeralContainer)[],
  volumes: Set<string>,
  names: Set<string>,
  p: Path,
  spec: PodSpec,
  errs: FieldError[],
  init: boolean,
): void {
  containers.forEach((c, i) => {
    const ip = p.index(i);
    const np = ip.child("name");
    if (!c.name) errs.push(required(np.s));
    else {
      for (const m of isDNS1123Label(c.name)) errs.push(invalid(np.s, c.name, m));
      if (names.has(c.name)) errs.push(duplicate(np.s, c.name));
      else names.add(c.name);
    }
    if (!c.image) errs.push(required(ip.child("image").s));
    if (c.imagePullPolicy !== undefined)
      validateEnum(c.imagePullPolicy, supportedPullPolicies, ip.child("imagePullPolicy"), errs);
    if (c.terminationMessagePolicy !== undefined)
      validateEnum(
        c.terminationMessagePolicy,
        supportedTerminationMessagePolicies,
        ip.child("terminationMessagePolicy"),
        errs,
      );
    validatePorts(c.ports ?? [], ip.child("ports"), spec, errs);
    validateEnv(c.env ?? [], ip.child("env"), errs);
    if (c.resources) validateResourceRequirements(c.resources, ip.child("resources"), errs);
    validateVolumeMounts(c.volumeMounts ?? [], volumes, ip.child("volumeMounts"), errs);
    if (c.livenessProbe) validateProbe(c.livenessProbe, ip.child("livenessProbe"), errs, true);
    if (c.readinessProbe) validateProbe(c.readinessProbe, ip.child("readinessProbe"), errs, false);
    if (c.startupProbe) validateProbe(c.startupProbe, ip.child("startupProbe"), errs, true);
    if (c.restartPolicy !== undefined && init && c.restartPolicy !== "Always")
      errs.push(notSupported(ip.child("restartPolicy").s, c.restartPolicy, ["Always"]));
  });
}

/** IsValidPortName (IANA_SVC_NAME). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push("must be no more than 15 characters");
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (!/[a-z]/.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.startsWith("-") || port.endsWith("-")) errs.push("must not begin or end with a hyphen");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];
}

function validatePorts(ports: ContainerPort[], p: Path, spec: PodSpec, errs: FieldError[]): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const ip = p.index(i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      for (const m of msgs) errs.push(invalid(ip.child("name").s, port.name, m));
      if (msgs.length === 0 && names.has(port.name)) errs.push(duplicate(ip.child("name").s, port.name));
      names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(ip.child("containerPort").s));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(ip.child("containerPort").s, port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort))
        errs.push(invalid(ip.child("hostPort").s, port.hostPort, m));
    validateEnum(port.protocol, supportedPortProtocols, ip.child("protocol"), errs);
    if (spec.hostNetwork && port.hostPort && port.hostPort !== port.containerPort)
      errs.push(
        invalid(
          ip.child("hostPort").s,
          port.hostPort,
          "must match `containerPort` when `hostNetwork` is true",
        ),
      );
  });
}

/** IsRelaxedEnvVarName: any printable ASCII but '=' (RelaxedEnvironmentVariableValidation, GA in 1.34). */
export function isEnvVarName(name: string): string[] {
  return /^[ -<>-~]+$/.test(name)
    ? []
    : ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
}

function validateEnv(env: EnvVar[], p: Path, errs: FieldError[]): void {
  env.forEach((e, i) => {
    const ip = p.index(i);
    if (!e.name) errs.push(required(ip.child("name").s));
    else for (const m of isEnvVarName(e.name)) errs.push(invalid(ip.child("name").s, e.name, m));
    const from = e.valueFrom;
    if (!from) return;
    const fp = ip.child("valueFrom");
    const n = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef", "fileKeyRef"].filter(
      (k) => (from as Record<string, unknown>)[k] != null,
    ).length;
    if (e.value && n !== 0) errs.push(invalid(fp.s, "", "may not be specified when `value` is not empty"));
    if (n === 0)
      errs.push(
        invalid(
          fp.s,
          "",
          "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
        ),
      );
    else if (n > 1) errs.push(invalid(fp.s, "", "may not have more than one field specified at a time"));
    if (from.configMapKeyRef && !from.configMapKeyRef.key)
      errs.push(required(fp.child("configMapKeyRef").child("key").s));
    if (from.secretKeyRef && !from.secretKeyRef.key)
      errs.push(required(fp.child("secretKeyRef").child("key").s));
    if (from.fieldRef && !from.fieldRef.fieldPath)
      errs.push(required(fp.child("fieldRef").child("fieldPath").s));
  });
}

function validateVolumeMounts(
  mounts: VolumeMount[],
  volumes: Set<string>,
  p: Path,
  errs: FieldError[],
): void {
  const paths = new Set<string>();
  mounts.forEach((m, i) => {
    const ip = p.index(i);
    if (!m.name) errs.push(required(ip.child("name").s));
    else if (!volumes.has(m.name)) errs.push(notFound(ip.child("name").s, m.name));
    if (!m.mountPath) errs.push(required(ip.child("mountPath").s));
    else if (paths.has(m.mountPath))
      errs.push(invalid(ip.child("mountPath").s, m.mountPath, "must be unique"));
    if (m.mountPath) paths.add(m.mountPath);
    if (m.subPath && m.subPathExpr)
      errs.push(
        invalid(ip.child("subPathExpr").s, m.subPathExpr, "subPathExpr and subPath are mutually exclusive"),
      );
  });
}

const probeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"] as const;

function validateProbe(probe: Probe, p: Path, errs: FieldError[], successMustBeOne: boolean): void {
  const set = probeHandlers.filter((h) => probe[h] != null);
  if (set.length === 0) errs.push(required(p.s, "must specify a handler type"));
  for (const extra of set.slice(1))
    errs.push(forbidden(p.child(extra).s, "may not specify more than 1 handler type"));
  for (const k of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ] as const) {
    const v = probe[k];
    if (v !== undefined && v < 0) errs.push(invalid(p.child(k).s, v, "must be greater than or equal to 0"));
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== 1)
    errs.push(invalid(p.child("successThreshold").s, probe.successThreshold, "must be 1"));
  if (probe.httpGet) validatePortNumOrName(probe.httpGet.port, p.child("httpGet").child("port"), errs);
  if (probe.tcpSocket) validatePortNumOrName(probe.tcpSocket.port, p.child("tcpSocket").child("port"), errs);
}

function validatePortNumOrName(port: number | string | undefined, p: Path, errs: FieldError[]): void {
  if (typeof port === "number") for (const m of isValidPortNum(port)) errs.push(invalid(p.s, port, m));
  else if (typeof port === "string") for (const m of isValidPortName(port)) errs.push(invalid(p.s, port, m));
}

function validateToleration(t: Toleration, p: Path, errs: FieldError[]): void {
  if (t.key) for (const m of isQualifiedName(t.key)) errs.push(invalid(p.child("key").s, t.key, m));
  if (!t.key && t.operator !== "Exists")
    errs.push(
      invalid(
        p.child("operator").s,
        t.operator ?? "",
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    );
  if (t.tolerationSeconds !== undefined && t.effect !== "NoExecute")
    errs.push(
      invalid(
        p.child("effect").s,
        t.effect ?? "",
        "effect must be 'NoExecute' when `tolerationSeconds` is set",
      ),
    );
  switch (t.operator ?? "") {
    case "Equal":
    case "":
      for (const m of isValidLabelValue(t.value ?? "")) errs.push(invalid(p.child("operator").s, t.value, m));
      break;
    case "Exists":
      if (t.value)
        errs.push(invalid(p.child("operator").s, t, "value must be empty when `operator` is 'Exists'"));
      break;
    default:
      errs.push(notSupported(p.child("operator").s, t.operator, supportedTolerationOperators));
  }
  if (t.effect && !supportedTaintEffects.includes(t.effect))
    errs.push(notSupported(p.child("effect").s, t.effect, supportedTaintEffects));
}

/** The pod spec fields a pod update may change, as upstream's message lists them. */
export const updatablePodSpecFields = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** ValidatePodUpdate: the new spec is valid, and only the updatable fields changed. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const errs = validatePod(pod);
  const spec = pod.spec ?? { containers: [] };
  const oldSpec = old.spec ?? { containers: [] };
  const specPath = new Path("spec");
  for (const k of ["containers", "initContainers"] as const) {
    if ((spec[k] ?? []).length !== (oldSpec[k] ?? []).length) {
      errs.push(forbidden(specPath.child(k).s, "pod updates may not add or remove containers"));
      return errs;
    }
  }
  if (oldSpec.activeDeadlineSeconds !== undefined) {
    if (
      spec.activeDeadlineSeconds === undefined ||
      spec.activeDeadlineSeconds > oldSpec.activeDeadlineSeconds
    )
      errs.push(
        invalid(
          specPath.child("activeDeadlineSeconds").s,
          spec.activeDeadlineSeconds ?? null,
          "must be less than or equal to previous value",
        ),
      );
  }
  (oldSpec.tolerations ?? []).forEach((t, i) => {
    const same = (spec.tolerations ?? []).some(
      (n) => n.key === t.key && n.operator === t.operator && n.value === t.value && n.effect === t.effect,
    );
    if (!same)
      errs.push(
        forbidden(
          specPath.child("tolerations").index(i).s,
          "existing toleration can not be modified except its tolerationSeconds",
        ),
      );
  });
  if (deepEqual(spec, oldSpec)) return errs;
  // Copy the updatable fields from the old spec, then anything still different is forbidden.
  const munged = structuredClone(spec);
  munged.containers = (munged.containers ?? []).map((c, i) => ({
    ...c,
    image: oldSpec.containers[i]?.image,
  }));
  if (munged.initContainers)
    munged.initContainers = munged.initContainers.map((c, i) => ({
      ...c,
      image: oldSpec.initContainers?.[i]?.image,
    }));
  setOrDelete(munged, "activeDeadlineSeconds", oldSpec.activeDeadlineSeconds);
  setOrDelete(munged, "schedulingGates", oldSpec.schedulingGates);
  setOrDelete(munged, "tolerations", oldSpec.tolerations);
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  if (!deepEqual(munged, oldSpec)) {
    const diff = specDiff(oldSpec, munged);
    errs.push(
      forbidden(
        specPath.s,
        `pod updates may not change fields other than ${updatablePodSpecFields.join(",")}\n${diff}`,
      ),
    );
  }
  return errs;
}

function setOrDelete<T extends object, K extends keyof T>(o: T, k: K, v: T[K] | undefined): void {
  if (v === undefined) delete o[k];
  else o[k] = structuredClone(v);
}

/** Structural equality of JSON values (absent and undefined are the same). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

/** A readable diff of two specs, one "- path: old" / "+ path: new" pair per changed leaf (upstream prints cmp.Diff). */
function specDiff(a: unknown, b: unknown, path = "spec", out: string[] = []): string {
  if (deepEqual(a, b)) return out.join("\n");
  const isObj = (v: unknown) => typeof v === "object" && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
      specDiff(ao[k], bo[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`, out);
  } else {
    if (a !== undefined) out.push(`- ${path}: ${JSON.stringify(a)}`);
    if (b !== undefined) out.push(`+ ${path}: ${JSON.stringify(b)}`);
  }
  return out.join("\n");
}

/** Native resources ("cpu", "memory", "kubernetes.io/..."): requests may be below limits. */
const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
const isOvercommitAllowed = (name: string) => isNativeResource(name) && !name.startsWith("hugepages-");

/** validateResourceRequirements for a container: non-negative, requests <= limits (== for extended resources). */
export function validateResourceRequirements(r: ResourceRequirements, p: Path, errs: FieldError[]): void {
  const limPath = p.child("limits");
  const reqPath = p.child("requests");
  const checkValue = (name: string, text: string | number, fp: Path) => {
    const q = tryQuantity(text);
    if (!q) return;
    if (compareQuantities(q, 0) < 0)
      errs.push(invalid(fp.s, canonicalQuantity(q), "must be greater than or equal to 0"));
    if (!isNativeResource(name) && quantityMilliValue(q) % 1000 !== 0)
      errs.push(invalid(fp.s, canonicalQuantity(q), "must be an integer"));
  };
  const limits = r.limits ?? {};
  for (const name of Object.keys(limits).sort()) checkValue(name, limits[name], limPath.key(name));
  const requests = r.requests ?? {};
  for (const name of Object.keys(requests).sort()) {
    checkValue(name, requests[name], reqPath.key(name));
    const req = tryQuantity(requests[name]);
    const lim = name in limits ? tryQuantity(limits[name]) : undefined;
    if (name in limits) {
      if (!req || !lim) continue;
      const cmp = compareQuantities(req, lim);
      if (cmp !== 0 && !isOvercommitAllowed(name))
        errs.push(
          invalid(
            reqPath.s,
            canonicalQuantity(req),
            `must be equal to ${name} limit of ${canonicalQuantity(lim)}`,
          ),
        );
      else if (cmp > 0)
        errs.push(
          invalid(
            reqPath.s,
            canonicalQuantity(req),
            `must be less than or equal to ${name} limit of ${canonicalQuantity(lim)}`,
          ),
        );
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath.s, "Limit must be set for non overcommitable resources"));
    }
  }
}
