// Node selectors and node affinity (component-helpers/scheduling/corev1/nodeaffinity): compiled once per
// pod, matched per node. A term that cannot be parsed matches no node, as upstream's lazy-error selector.
import type { Node, Pod } from "../framework/types.js";
import { fromSet, matches, type Selector } from "./labels.js";

type NodeSelectorTerm = NonNullable<
  NonNullable<
    NonNullable<
      NonNullable<NonNullable<Pod["spec"]>["affinity"]>["nodeAffinity"]
    >["requiredDuringSchedulingIgnoredDuringExecution"]
  >["nodeSelectorTerms"]
>[number];
type NodeSelectorRequirement = NonNullable<NodeSelectorTerm["matchExpressions"]>[number];
type Labels = Readonly<Record<string, string>> | undefined;

interface CompiledRequirement {
  key: string;
  op: string;
  values: readonly string[];
  num: number;
}

/** One term: every expression on labels and every field requirement (metadata.name) must hold. */
class CompiledTerm {
  constructor(
    readonly labelReqs: CompiledRequirement[],
    readonly fieldReqs: CompiledRequirement[],
  ) {}

  match(labels: Labels, nodeName: string): boolean {
    for (const r of this.labelReqs) if (!matchLabelRequirement(r, labels)) return false;
    for (const r of this.fieldReqs) {
      const eq = nodeName === r.values[0];
      if (r.op === "In" ? !eq : eq) return false;
    }
    return true;
  }
}

function matchLabelRequirement(r: CompiledRequirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.op) {
    case "In":
      return has && r.values.includes(labels[r.key]);
    case "NotIn":
      return !has || !r.values.includes(labels[r.key]);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    case "Gt":
    case "Lt": {
      if (!has) return false;
      const v = labels[r.key];
      if (!/^[+-]?\d+$/.test(v)) return false;
      const n = Number(v);
      return r.op === "Gt" ? n > r.num : n < r.num;
    }
    default:
      return false;
  }
}

/** Parses a requirement the way labels.NewRequirement validates it; undefined when invalid. */
function compileLabelRequirement(r: NodeSelectorRequirement): CompiledRequirement | undefined {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) return undefined;
      return { key: r.key, op: r.operator, values, num: 0 };
    case "Exists":
    case "DoesNotExist":
      if (values.length !== 0) return undefined;
      return { key: r.key, op: r.operator, values, num: 0 };
    case "Gt":
    case "Lt":
      if (values.length !== 1 || !/^[+-]?\d+$/.test(values[0])) return undefined;
      return { key: r.key, op: r.operator, values, num: Number(values[0]) };
    default:
      return undefined;
  }
}

/** Field requirements: only metadata.name, In/NotIn with exactly one value. */
function compileFieldRequirement(r: NodeSelectorRequirement): CompiledRequirement | undefined {
  if (r.key !== "metadata.name") return undefined;
  const values = r.values ?? [];
  if ((r.operator !== "In" && r.operator !== "NotIn") || values.length !== 1) return undefined;
  return { key: r.key, op: r.operator, values, num: 0 };
}

/** A term with no requirements, or one that does not parse, matches nothing (null). */
export function compileTerm(t: NodeSelectorTerm): CompiledTerm | null {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return null;
  const labelReqs: CompiledRequirement[] = [];
  const fieldReqs: CompiledRequirement[] = [];
  for (const e of exprs) {
    const c = compileLabelRequirement(e);
    if (!c) return null;
    labelReqs.push(c);
  }
  for (const f of fields) {
    const c = compileFieldRequirement(f);
    if (!c) return null;
    fieldReqs.push(c);
  }
  return new CompiledTerm(labelReqs, fieldReqs);
}

/** The pod's nodeSelector and required node affinity terms (GetRequiredNodeAffinity). */
export class RequiredNodeAffinity {
  private readonly labelSelector: Selector | undefined;
  /** undefined: no required node affinity; otherwise the ORed terms (null entries never match). */
  private readonly terms: (CompiledTerm | null)[] | undefined;

  constructor(pod: Pod) {
    const ns = pod.spec?.nodeSelector;
    this.labelSelector = ns && Object.keys(ns).length > 0 ? fromSet(ns) : undefined;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = req ? (req.nodeSelectorTerms ?? []).map(compileTerm) : undefined;
  }

  /** True when the pod has neither a nodeSelector nor required node affinity. */
  get isEmpty(): boolean {
    return this.labelSelector === undefined && this.terms === undefined;
  }

  match(node: Node): boolean {
    const labels = node.metadata.labels;
    if (this.labelSelector !== undefined && !matches(this.labelSelector, labels)) return false;
    if (this.terms !== undefined) {
      const name = node.metadata.name ?? "";
      for (const t of this.terms) if (t && t.match(labels, name)) return true;
      return false;
    }
    return true;
  }
}

type PreferredTerm = NonNullable<
  NonNullable<
    NonNullable<NonNullable<Pod["spec"]>["affinity"]>["nodeAffinity"]
  >["preferredDuringSchedulingIgnoredDuringExecution"]
>[number];

/** Preferred terms with their weights (NewPreferredSchedulingTerms); weight-0 terms are dropped. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; term: CompiledTerm }[] = [];

  constructor(terms: readonly PreferredTerm[]) {
    for (const t of terms) {
      if (!t.weight) continue;
      const c = compileTerm(t.preference);
      if (c) this.terms.push({ weight: t.weight, term: c });
    }
  }

  get length(): number {
    return this.terms.length;
  }

  /** The sum of the weights of the terms the node matches. */
  score(node: Node): number {
    let s = 0;
    const labels = node.metadata.labels;
    const name = node.metadata.name ?? "";
    for (const t of this.terms) if (t.term.match(labels, name)) s += t.weight;
    return s;
  }
}
