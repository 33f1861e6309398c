// Reconciling the bootstrap policy at start, as upstream's rbac/bootstrap-roles post-start hook: missing
// objects are created; existing ones annotated rbac.authorization.kubernetes.io/autoupdate != "false" get
// the rules, aggregation selectors, subjects, labels and annotations they lack (nothing is removed).
import type { KubeObject } from "../../api/meta/v1/types.js";
import type { ClusterRole, ClusterRoleBinding, PolicyRule, Subject } from "../../api/rbac/v1/types.js";
import { StatusError } from "../errors.js";
import type { GenericRegistry } from "../registry/generic.js";
import type { Logger } from "../logger.js";
import {
  autoUpdateAnnotation,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
} from "./bootstrappolicy.js";
import { uncoveredRules } from "./escalation.js";

const system = {
  user: { username: "system:apiserver", groups: ["system:masters"] },
  dryRun: false,
  fieldManager: "kube-apiserver",
  subresource: "",
  warnings: [] as string[],
};

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

/** Adds missing labels/annotations; true when something changed. */
function mergeMeta(cur: Meta, want: Meta): boolean {
  let changed = false;
  for (const k of ["labels", "annotations"] as const)
    for (const [key, v] of Object.entries(want[k] ?? {}))
      if (!(cur[k] && key in cur[k])) {
        cur[k] = { ...cur[k], [key]: v };
        changed = true;
      }
  return changed;
}

/** The role with what it lacks of `want`, or undefined when nothing is missing. */
export function reconcileClusterRole(cur: ClusterRole, want: ClusterRole): ClusterRole | undefined {
  const out = structuredClone(cur);
  let changed = mergeMeta((out.metadata ??= {}), want.metadata as Meta);
  const missing: PolicyRule[] = uncoveredRules(cur.rules ?? [], want.rules ?? []).length
    ? (want.rules ?? []).filter((r) => uncoveredRules(cur.rules ?? [], [r]).length)
    : [];
  if (missing.length) {
    out.rules = [...(cur.rules ?? []), ...missing];
    changed = true;
  }
  const wantSel = want.aggregationRule?.clusterRoleSelectors ?? [];
  const curSel = out.aggregationRule?.clusterRoleSelectors ?? [];
  const newSel = wantSel.filter((s) => !curSel.some((c) => JSON.stringify(c) === JSON.stringify(s)));
  if (newSel.length) {
    out.aggregationRule = { clusterRoleSelectors: [...curSel, ...newSel] };
    changed = true;
  }
  return changed ? out : undefined;
}

const sameSubject = (a: Subject, b: Subject) =>
  a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");

export function reconcileClusterRoleBinding(
  cur: ClusterRoleBinding,
  want: ClusterRoleBinding,
): ClusterRoleBinding | undefined {
  const out = structuredClone(cur);
  let changed = mergeMeta((out.metadata ??= {}), want.metadata as Meta);
  const add = (want.subjects ?? []).filter((s) => !(cur.subjects ?? []).some((c) => sameSubject(c, s)));
  if (add.length) {
    out.subjects = [...(cur.subjects ?? []), ...add];
    changed = true;
  }
  return changed ? out : undefined;
}

async function ensure<T extends KubeObject>(
  reg: GenericRegistry,
  want: T,
  reconcile: (cur: T, want: T) => T | undefined,
  log: Logger,
): Promise<void> {
  const name = want.metadata.name!;
  const ns = want.metadata.namespace ?? "";
  const cur = await reg.current(ns, name);
  if (!cur) {
    const obj = structuredClone(want);
    reg.info.rt.defaults?.(obj);
    try {
      await reg.create(ns, obj, system);
      log.debug({ kind: want.kind, name }, "created bootstrap RBAC object");
    } catch (e) {
      if (!(e instanceof StatusError && e.reason === "AlreadyExists")) throw e;
    }
    return;
  }
  const existing = cur.obj.obj as T;
  if (existing.metadata.annotations?.[autoUpdateAnnotation] === "false") return;
  if (!reconcile(existing, want)) return;
  await reg.update(ns, name, { updatedObject: (c) => reconcile(c as T, want) ?? (c as T) }, system);
  log.info({ kind: want.kind, name }, "reconciled bootstrap RBAC object");
}

export async function reconcileBootstrapPolicy(
  r: {
    clusterRoles: GenericRegistry;
    clusterRoleBindings: GenericRegistry;
    roles?: GenericRegistry;
    roleBindings?: GenericRegistry;
  },
  log: Logger,
): Promise<void> {
  if (r.roles)
    for (const role of bootstrapRoles)
      await ensure(r.roles, role as unknown as KubeObject, reconcileClusterRole as never, log);
  if (r.roleBindings)
    for (const b of bootstrapRoleBindings)
      await ensure(r.roleBindings, b as unknown as KubeObject, reconcileClusterRoleBinding as never, log);
  for (const role of bootstrapClusterRoles)
    await ensure(r.clusterRoles, role as unknown as KubeObject, reconcileClusterRole as never, log);
  for (const b of bootstrapClusterRoleBindings)
    await ensure(
      r.clusterRoleBindings,
      b as unknown as KubeObject,
      reconcileClusterRoleBinding as never,
      log,
    );
}
