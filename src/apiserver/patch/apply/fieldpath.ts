// Field paths and field sets, as sigs.k8s.io/structured-merge-diff/fieldpath has them: the unit of
// ownership in server-side apply. A path element selects a map field (`f:name`), an associative
// list item by its keys (`k:{"name":"app"}`), a set item by value (`v:"x"`) or an atomic list item
// by index (`i:0`). A Set is a trie of such elements, kept sorted so that its FieldsV1 JSON form
// (stored in metadata.managedFields) is exactly upstream's.

import { goFloatString, goJSON, goJSONString, goQuote, goStringCompare } from "../gofmt.js";
import { isObject } from "../json.js";

export type PathElement =
  | { readonly kind: "field"; readonly name: string }
  | { readonly kind: "key"; readonly fields: readonly (readonly [string, unknown])[] }
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "index"; readonly index: number };

export type Path = readonly PathElement[];

export const fieldPE = (name: string): PathElement => ({ kind: "field", name });
export const indexPE = (index: number): PathElement => ({ kind: "index", index });
export const valuePE = (value: unknown): PathElement => ({ kind: "value", value });
/** A key element; fields are sorted by name as upstream does. */
export const keyPE = (fields: [string, unknown][]): PathElement => ({
  kind: "key",
  fields: [...fields].sort((a, b) => goStringCompare(a[0], b[0])),
});

// ---- ordering of values and elements (value.Compare, PathElement.Compare) ------------------------

function valueRank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5; // null
}

/** value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return a === b ? 0 : (a as number) < (b as number) ? -1 : 1;
    case 1:
      return goStringCompare(a as string, b as string);
    case 2:
      return a === b ? 0 : a === false ? -1 : 1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; ; i++) {
        if (i >= la.length && i >= lb.length) return 0;
        if (i >= la.length) return -1;
        if (i >= lb.length) return 1;
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
    }
    case 4: {
      const ma = a as Record<string, unknown>;
      const mb = b as Record<string, unknown>;
      const la = Object.keys(ma).length;
      const lb = Object.keys(mb).length;
      if (la === 0 && lb === 0) return 0;
      const keys = [...new Set([...Object.keys(ma), ...Object.keys(mb)])].sort(goStringCompare);
      let i = 0;
      for (const k of keys) {
        let c: number;
        if (i === la) c = -1;
        else if (i === lb) c = 1;
        else if (!(k in ma)) c = 1;
        else if (!(k in mb)) c = -1;
        else c = compareValues(ma[k], mb[k]);
        i++;
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

const kindRank = { field: 0, key: 1, value: 2, index: 3 } as const;

export function comparePE(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return kindRank[a.kind] < kindRank[b.kind] ? -1 : 1;
  switch (a.kind) {
    case "field":
      return goStringCompare(a.name, (b as typeof a).name);
    case "key": {
      const fa = a.fields;
      const fb = (b as typeof a).fields;
      for (let i = 0; ; i++) {
        if (i >= fa.length && i >= fb.length) return 0;
        if (i >= fa.length) return -1;
        if (i >= fb.length) return 1;
        const c = goStringCompare(fa[i][0], fb[i][0]) || compareValues(fa[i][1], fb[i][1]);
        if (c !== 0) return c;
      }
    }
    case "value":
      return compareValues(a.value, (b as typeof a).value);
    case "index": {
      const ib = (b as typeof a).index;
      return a.index === ib ? 0 : a.index < ib ? -1 : 1;
    }
  }
}

// ---- printing (PathElement.String, value.ToString) ---------------------------------------------

/** value.ToString. */
export function valueToString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? v.toFixed(0) : goFloatString(v);
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return "[" + v.map(valueToString).join(",") + "]";
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}=${valueToString(x)}`)
    .join("");
}

export function peString(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return "." + pe.name;
    case "key":
      return "[" + pe.fields.map(([n, v]) => `${n}=${valueToString(v)}`).join(",") + "]";
    case "value":
      return `[=${valueToString(pe.value)}]`;
    case "index":
      return `[${pe.index}]`;
  }
}

/** Path.String: `.spec.template.spec.containers[name="app"].image`. */
export function pathString(p: Path): string {
  return p.map(peString).join("");
}

// ---- FieldsV1 element keys ------------------------------------------------------------------------

/** `f:name`, `k:{"containerPort":80,"protocol":"TCP"}`, `v:"x"`, `i:0`. */
export function serializePE(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return "f:" + pe.name;
    case "key":
      return "k:{" + pe.fields.map(([n, v]) => goJSONString(n) + ":" + goJSON(v)).join(",") + "}";
    case "value":
      return "v:" + goJSON(pe.value);
    case "index":
      return "i:" + String(pe.index);
  }
}

export class FieldsV1Error extends Error {}

/** DeserializePathElement; `undefined` for a type this version does not know (skipped, as upstream). */
export function deserializePE(s: string): PathElement | undefined {
  if (s.length < 2) throw new FieldsV1Error("key must be 2 characters long:");
  if (s[1] !== ":") throw new FieldsV1Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case "f":
      return fieldPE(body);
    case "v":
      return valuePE(parseJSON(body));
    case "k": {
      const v = parseJSON(body);
      if (!isObject(v)) throw new FieldsV1Error(`parsing key as path element: expected an object in ${s}`);
      return keyPE(Object.entries(v));
    }
    case "i": {
      if (!/^[+-]?[0-9]+$/.test(body))
        throw new FieldsV1Error(`strconv.Atoi: parsing ${goQuote(body)}: invalid syntax`);
      return indexPE(Number(body));
    }
    default:
      return undefined;
  }
}

function parseJSON(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    throw new FieldsV1Error(`parsing key as path element: ${(e as Error).message}`);
  }
}

// ---- Set ---------------------------------------------------------------------------------------

interface SetNode {
  pe: PathElement;
  set: FieldSet;
}

function search<T>(
  arr: readonly T[],
  pe: PathElement,
  get: (t: T) => PathElement,
): { found: boolean; at: number } {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = comparePE(get(arr[mid]), pe);
    if (c === 0) return { found: true, at: mid };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, at: lo };
}

const idPE = (pe: PathElement) => pe;
const nodePE = (n: SetNode) => n.pe;

/**
 * fieldpath.Set: `members` are paths ending here, `children` are subtrees. Operations return new
 * sets and never mutate their operands (insert mutates the receiver).
 */
export class FieldSet {
  members: PathElement[] = [];
  children: SetNode[] = [];

  static of(...paths: Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(p: Path): void {
    if (p.length === 0) return;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let s: FieldSet = this;
    for (let i = 0; i < p.length - 1; i++) s = s.descend(p[i]);
    const last = p[p.length - 1];
    const r = search(s.members, last, idPE);
    if (!r.found) s.members.splice(r.at, 0, last);
  }

  /** The child set for `pe`, created if absent. */
  descend(pe: PathElement): FieldSet {
    const r = search(this.children, pe, nodePE);
    if (r.found) return this.children[r.at].set;
    const set = new FieldSet();
    this.children.splice(r.at, 0, { pe, set });
    return set;
  }

  child(pe: PathElement): FieldSet | undefined {
    const r = search(this.children, pe, nodePE);
    return r.found ? this.children[r.at].set : undefined;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, idPE).found;
  }

  has(p: Path): boolean {
    if (p.length === 0) return false;
    const parent = p.length === 1 ? this : this.child(p[0])?.subtree(p.slice(1, -1));
    return parent?.hasMember(p[p.length - 1]) ?? false;
  }

  /** The set reached by following `p` through children, if it exists. */
  subtree(p: Path): FieldSet | undefined {
    return p.length === 0 ? this : this.child(p[0])?.subtree(p.slice(1));
  }

  /** The subtree under `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  size(): number {
    return this.members.length + this.children.reduce((n, c) => n + c.set.size(), 0);
  }

  equals(o: FieldSet): boolean {
    if (this.members.length !== o.members.length || this.children.length !== o.children.length) return false;
    for (let i = 0; i < this.members.length; i++)
      if (comparePE(this.members[i], o.members[i]) !== 0) return false;
    for (let i = 0; i < this.children.length; i++) {
      if (comparePE(this.children[i].pe, o.children[i].pe) !== 0) return false;
      if (!this.children[i].set.equals(o.children[i].set)) return false;
    }
    return true;
  }

  union(o: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members = mergeSorted(this.members, o.members, idPE, "union");
    const ch: SetNode[] = [];
    let i = 0;
    let j = 0;
    while (i < this.children.length && j < o.children.length) {
      const c = comparePE(this.children[i].pe, o.children[j].pe);
      if (c < 0) ch.push(this.children[i++]);
      else if (c > 0) ch.push(o.children[j++]);
      else {
        ch.push({ pe: this.children[i].pe, set: this.children[i].set.union(o.children[j].set) });
        i++;
        j++;
      }
    }
    ch.push(...this.children.slice(i), ...o.children.slice(j));
    out.children = ch;
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members = mergeSorted(this.members, o.members, idPE, "intersection");
    let i = 0;
    let j = 0;
    while (i < this.children.length && j < o.children.length) {
      const c = comparePE(this.children[i].pe, o.children[j].pe);
      if (c < 0) i++;
      else if (c > 0) j++;
      else {
        const res = this.children[i].set.intersection(o.children[j].set);
        if (!res.empty()) out.children.push({ pe: this.children[i].pe, set: res });
        i++;
        j++;
      }
    }
    return out;
  }

  /** Members of `this` not members of `o`, per level; a child is not removed by a member of `o`. */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members = mergeSorted(this.members, o.members, idPE, "difference");
    out.children = this.diffChildren(o, false);
    return out;
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    out.members = mergeSorted(this.members, o.members, idPE, "difference");
    out.children = this.diffChildren(o, true);
    return out;
  }

  private diffChildren(o: FieldSet, recursive: boolean): SetNode[] {
    const out: SetNode[] = [];
    for (const node of this.children) {
      if (recursive && o.hasMember(node.pe)) continue;
      const other = o.child(node.pe);
      if (!other) {
        out.push(node);
        continue;
      }
      const diff = recursive ? node.set.recursiveDifference(other) : node.set.difference(other);
      if (!diff.empty()) out.push({ pe: node.pe, set: diff });
    }
    return out;
  }

  /** Every path in the set: members of a level before its children, all in order. */
  *paths(prefix: PathElement[] = []): Generator<Path> {
    for (const m of this.members) yield [...prefix, m];
    for (const c of this.children) yield* c.set.paths([...prefix, c.pe]);
  }

  /** The FieldsV1 JSON object of this set. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && (this.members.length > 0 || this.children.length > 0)) out["."] = {};
    let mi = 0;
    let ci = 0;
    const ms = this.members;
    const cs = this.children;
    while (mi < ms.length || ci < cs.length) {
      const c = mi >= ms.length ? 1 : ci >= cs.length ? -1 : comparePE(ms[mi], cs[ci].pe);
      if (c < 0) {
        defineKey(out, serializePE(ms[mi++]), {});
      } else if (c > 0) {
        defineKey(out, serializePE(cs[ci].pe), cs[ci].set.emit(false));
        ci++;
      } else {
        defineKey(out, serializePE(cs[ci].pe), cs[ci].set.emit(true));
        mi++;
        ci++;
      }
    }
    return out;
  }

  /** Parse FieldsV1 (readIterV1). Unknown element types are dropped; malformed ones throw FieldsV1Error. */
  static fromFieldsV1(v: unknown): FieldSet {
    if (!isObject(v)) throw new FieldsV1Error("ReadMapCB: expect { or n, but found something else");
    return readLevel(v).children ?? new FieldSet();
  }
}

function readLevel(obj: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const key of Object.keys(obj)) {
    if (key === ".") {
      isMember = true;
      continue;
    }
    const pe = deserializePE(key);
    if (!pe) continue;
    const sub = obj[key] ?? {};
    if (!isObject(sub)) throw new FieldsV1Error("ReadMapCB: expect { or n, but found something else");
    const r = readLevel(sub);
    if (r.isMember) {
      children ??= new FieldSet();
      const at = search(children.members, pe, idPE);
      if (!at.found) children.members.splice(at.at, 0, pe);
    }
    if (r.children) {
      children ??= new FieldSet();
      const at = search(children.children, pe, nodePE);
      if (at.found) children.children[at.at].set = r.children;
      else children.children.splice(at.at, 0, { pe, set: r.children });
    }
  }
  if (!children) isMember = true;
  return { children, isMember };
}

/** FieldsV1 keys always carry a prefix ("f:", "k:", ...) or are ".", so plain assignment is safe. */
function defineKey(o: Record<string, unknown>, k: string, v: unknown): void {
  o[k] = v;
}

function mergeSorted<T>(
  a: readonly T[],
  b: readonly T[],
  get: (t: T) => PathElement,
  op: "union" | "intersection" | "difference",
): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = comparePE(get(a[i]), get(b[j]));
    if (c < 0) {
      if (op !== "intersection") out.push(a[i]);
      i++;
    } else if (c > 0) {
      if (op === "union") out.push(b[j]);
      j++;
    } else {
      if (op !== "difference") out.push(a[i]);
      i++;
      j++;
    }
  }
  if (op !== "intersection") out.push(...a.slice(i));
  if (op === "union") out.push(...b.slice(j));
  return out;
}
