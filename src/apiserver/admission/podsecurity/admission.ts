// The PodSecurity admission plugin (k8s.io/pod-security-admission/admission): namespace labels
// pod-security.kubernetes.io/{enforce,audit,warn}[-version] choose a level per mode; pods violating the
// enforce level are refused, violations of the warn level come back as warnings, and workload resources
// with pod templates are only warned about. Audit annotations are not recorded (no audit log yet).
import type { KubeObject } from "../../../api/meta/v1/types.js";
import { invalid as fieldInvalid, type FieldError } from "../../../api/validation/field.js";
import { forbidden, invalid } from "../../errors.js";
import type { AdmissionPlugin, Attributes } from "../admission.js";
import { evaluatePod, forbiddenDetail, forbiddenReason, latestMinor, type Level } from "./policy.js";

type Json = Record<string, any>;

const labelPrefix = "pod-security.kubernetes.io/";
const levels: Level[] = ["privileged", "baseline", "restricted"];
const strictness = (l: Level) => levels.indexOf(l);

export interface LevelVersion {
  level: Level;
  /** "latest" or "v1.x" as written. */
  version: string;
}
export interface Policy {
  enforce: LevelVersion;
  audit: LevelVersion;
  warn: LevelVersion;
}

const lvString = (lv: LevelVersion) => `${lv.level}:${lv.version}`;
const minorOf = (lv: LevelVersion) =>
  lv.version === "latest" ? latestMinor : Math.min(Number(lv.version.slice(3)), latestMinor);

/** upstream api.PolicyToEvaluate with the default policy privileged:latest for every mode. */
export function policyToEvaluate(labels: Record<string, string> | undefined): {
  policy: Policy;
  errs: FieldError[];
} {
  const p: Policy = {
    enforce: { level: "privileged", version: "latest" },
    audit: { level: "privileged", version: "latest" },
    warn: { level: "privileged", version: "latest" },
  };
  const errs: FieldError[] = [];
  if (!labels) return { policy: p, errs };
  const parseLevel = (mode: keyof Policy, failOpen: boolean): boolean => {
    const key = `${labelPrefix}${mode}`;
    if (!(key in labels)) return false;
    const v = labels[key];
    if ((levels as string[]).includes(v)) {
      p[mode].level = v as Level;
      return true;
    }
    errs.push(fieldInvalid(`metadata.labels[${key}]`, v, `must be one of ${levels.join(", ")}`));
    p[mode].level = failOpen ? "privileged" : "restricted";
    return false;
  };
  const parseVersion = (mode: keyof Policy): boolean => {
    const key = `${labelPrefix}${mode}-version`;
    if (!(key in labels)) return false;
    const v = labels[key];
    if (v === "latest" || /^v1\.([0-9]|[1-9][0-9]*)$/.test(v)) p[mode].version = v;
    else {
      errs.push(fieldInvalid(`metadata.labels[${key}]`, v, `must be "latest" or "v1.x"`));
      p[mode].version = "latest";
    }
    return true;
  };
  const hasEnforce = parseLevel("enforce", false);
  parseVersion("enforce");
  parseLevel("audit", true);
  parseVersion("audit");
  const hasWarnLevel = `${labelPrefix}warn` in labels;
  parseLevel("warn", true);
  const hasWarnVersion = parseVersion("warn");
  // warn defaults to a stricter enforce level
  if (!hasWarnLevel && hasEnforce && strictness(p.enforce.level) > strictness(p.warn.level)) {
    p.warn.level = p.enforce.level;
    if (!hasWarnVersion) p.warn.version = p.enforce.version;
  }
  return { policy: p, errs };
}

const ignoredPodSubresources = new Set([
  "exec",
  "attach",
  "binding",
  "eviction",
  "log",
  "portforward",
  "proxy",
  "status",
]);

/** The pod template of a workload resource, if it has one. */
function podTemplate(a: Attributes): Json | undefined {
  const o = a.object as Json | undefined;
  const g = a.resource.group;
  const r = a.resource.plural;
  if (g === "" && r === "podtemplates") return o?.template;
  if (g === "" && r === "replicationcontrollers") return o?.spec?.template;
  if (g === "apps" && ["deployments", "replicasets", "statefulsets", "daemonsets"].includes(r))
    return o?.spec?.template;
  if (g === "batch" && r === "jobs") return o?.spec?.template;
  if (g === "batch" && r === "cronjobs") return o?.spec?.jobTemplate?.spec?.template;
  return undefined;
}

/** upstream isSignificantPodUpdate: only image and seccomp-annotation changes can alter the verdict. */
function significantPodUpdate(pod: Json, old: Json): boolean {
  const seccomp = (p: Json, name: string) =>
    p.metadata?.annotations?.[`container.seccomp.security.alpha.kubernetes.io/${name}`];
  for (const field of ["containers", "initContainers"] as const) {
    const a = (pod.spec?.[field] ?? []) as Json[];
    const b = (old.spec?.[field] ?? []) as Json[];
    if (a.length !== b.length) return true;
    for (let i = 0; i < a.length; i++)
      if (a[i].image !== b[i].image || seccomp(pod, a[i].name) !== seccomp(old, b[i].name)) return true;
  }
  for (const c of (pod.spec?.ephemeralContainers ?? []) as Json[]) {
    const o = ((old.spec?.ephemeralContainers ?? []) as Json[]).find((x) => x.name === c.name);
    if (!o || o.image !== c.image || seccomp(pod, c.name) !== seccomp(old, c.name)) return true;
  }
  return false;
}

export interface PodSecurityDeps {
  getNamespace(name: string): Promise<KubeObject | undefined>;
  listPods(namespace: string): Iterable<KubeObject>;
}

export function podSecurity(deps: PodSecurityDeps): AdmissionPlugin {
  const check = (lv: LevelVersion, meta: Json, spec: Json) => evaluatePod(lv.level, minorOf(lv), meta, spec);

  async function validatePod(a: Attributes, pod: Json, enforce: boolean): Promise<void> {
    const ns = await deps.getNamespace(a.namespace);
    const { policy } = policyToEvaluate(ns?.metadata.labels);
    const meta = (pod.metadata ?? {}) as Json;
    const spec = (pod.spec ?? {}) as Json;
    if (enforce) {
      const r = check(policy.enforce, meta, spec);
      if (r.length)
        throw forbidden(
          a.resource.gr,
          a.name,
          `violates PodSecurity ${JSON.stringify(lvString(policy.enforce))}: ${forbiddenDetail(r)}`,
        );
    }
    const w = check(policy.warn, meta, spec);
    if (w.length)
      a.warnings?.push(
        `would violate PodSecurity ${JSON.stringify(lvString(policy.warn))}: ${forbiddenDetail(w)}`,
      );
  }

  function validateNamespace(a: Attributes): void {
    const ns = a.object as Json;
    const { policy, errs } = policyToEvaluate(ns.metadata?.labels);
    if (a.operation === "CREATE") {
      if (errs.length) throw invalid(a.resource.gk, a.name, errs);
      return;
    }
    const old = policyToEvaluate((a.oldObject as Json | undefined)?.metadata?.labels);
    if (errs.length && (!old.errs.length || JSON.stringify(errs) !== JSON.stringify(old.errs)))
      throw invalid(a.resource.gk, a.name, errs);
    const e = policy.enforce;
    const oe = old.policy.enforce;
    if (e.level === oe.level && e.version === oe.version) return;
    if (e.level === "privileged") return;
    if (e.version === oe.version && strictness(e.level) <= strictness(oe.level)) return;
    // dry-run the existing pods against the new enforce level
    const byWarning = new Map<string, { first: string; count: number }>();
    for (const pod of deps.listPods(a.name)) {
      const r = check(e, pod.metadata, (pod as Json).spec ?? {});
      if (!r.length) continue;
      const w = forbiddenReason(r);
      const name = pod.metadata.name ?? "";
      const c = byWarning.get(w);
      if (!c) byWarning.set(w, { first: name, count: 1 });
      else {
        c.count++;
        if (name < c.first) c.first = name;
      }
    }
    if (!byWarning.size) return;
    a.warnings?.push(
      `existing pods in namespace ${JSON.stringify(a.name)} violate the new PodSecurity enforce level ${JSON.stringify(lvString(e))}`,
    );
    const lines = [...byWarning].map(([w, c]) =>
      c.count === 1
        ? `${c.first}: ${w}`
        : c.count === 2
          ? `${c.first} (and 1 other pod): ${w}`
          : `${c.first} (and ${c.count - 1} other pods): ${w}`,
    );
    a.warnings?.push(...lines.sort());
  }

  return {
    name: "PodSecurity",
    async validate(a: Attributes): Promise<void> {
      if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
      if (!a.object) return;
      const g = a.resource.group;
      if (g === "" && a.resource.plural === "namespaces") {
        if (!a.subresource) validateNamespace(a);
        return;
      }
      if (g === "" && a.resource.plural === "pods") {
        if (ignoredPodSubresources.has(a.subresource)) return;
        if (a.operation === "UPDATE" && a.oldObject && !significantPodUpdate(a.object, a.oldObject)) return;
        return validatePod(a, a.object, true);
      }
      if (a.subresource) return;
      const template = podTemplate(a);
      if (template) await validatePod(a, template, false);
    },
  };
}
