// Walks of a JSON value against its structured-merge-diff type (sigs.k8s.io/structured-merge-diff
// typed/): validation, the set of fields a value sets, merging an applied configuration into a live
// object, comparing two objects, and removing fields. JSON `undefined` is "absent" (Go's nil
// Value); JSON null is a present null value - the two differ in every walk, as upstream.

import { goQuote, goTypeName, goValueString } from "../gofmt.js";
import { isObject, jsonEqual, setKey } from "../json.js";
import {
  comparePE,
  FieldSet,
  fieldPE,
  indexPE,
  keyPE,
  pathString,
  peString,
  valuePE,
  type PathElement,
} from "./fieldpath.js";
import {
  deduced,
  memberType,
  type Atom,
  type ListAtom,
  type MapAtom,
  type Scalar,
  type TypeRef,
} from "./smdschema.js";

// ---- errors ------------------------------------------------------------------------------------

export interface ValidationError {
  path: string;
  message: string;
}

/** ValidationErrors.Error(). */
export function validationErrorsString(errs: readonly ValidationError[]): string {
  const one = (e: ValidationError) => (e.path ? `${e.path}: ${e.message}` : e.message);
  if (errs.length === 1) return one(errs[0]);
  return ["errors:", ...errs.map((e) => "  " + one(e))].join("\n");
}

const prefixed = (errs: ValidationError[], prefix: string): ValidationError[] =>
  errs.length === 0 ? errs : errs.map((e) => ({ path: prefix + e.path, message: e.message }));

const errorf = (message: string): ValidationError[] => [{ path: "", message }];

// ---- atoms ---------------------------------------------------------------------------------------

const parts = new WeakMap<Atom, { scalar?: Atom; list?: Atom; map?: Atom }>();

function part(a: Atom, kind: "scalar" | "list" | "map"): Atom {
  let p = parts.get(a);
  if (!p) {
    p = {};
    parts.set(a, p);
  }
  return (p[kind] ??=
    kind === "scalar" ? { scalar: a.scalar } : kind === "list" ? { list: a.list } : { map: a.map });
}

/** deduceAtom: the part of the atom that fits the value (all of it for null, absent or a misfit). */
function deduceAtom(a: Atom, v: unknown): Atom {
  if (v === undefined || v === null) return a;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") {
    if (a.scalar) return a.list || a.map ? part(a, "scalar") : a;
  } else if (Array.isArray(v)) {
    if (a.list) return a.scalar || a.map ? part(a, "list") : a;
  } else if (isObject(v)) {
    if (a.map) return a.scalar || a.list ? part(a, "map") : a;
  }
  return a;
}

interface Handler<R> {
  scalar(t: Scalar): R;
  list(t: ListAtom): R;
  map(t: MapAtom): R;
  invalid(): R;
}

function handleAtom<R>(a: Atom, h: Handler<R>): R {
  if (a.map) return h.map(a.map);
  if (a.scalar) return h.scalar(a.scalar);
  if (a.list) return h.list(a.list);
  return h.invalid();
}

/** The type of a map member; members not declared (where upstream would have failed earlier) are deduced. */
function fieldType(m: MapAtom, key: string): TypeRef {
  return memberType(m, key) ?? deduced;
}

function asList(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function asMap(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}

/** %v of a value.Value (a *valueUnstructured). */
const valueV = (v: unknown) => `&{${goValueString(v)}}`;

function validateScalar(t: Scalar, v: unknown, prefix: string): ValidationError[] {
  if (v === undefined || v === null) return [];
  switch (t) {
    case "numeric":
      if (typeof v !== "number")
        return errorf(`${prefix}expected numeric (int or float), got ${goTypeName(v)}`);
      return [];
    case "string":
      if (typeof v !== "string")
        return errorf(`${prefix}expected string, got &value.valueUnstructured{Value:${goSharpV(v)}}`);
      return [];
    case "boolean":
      if (typeof v !== "boolean") return errorf(`${prefix}expected boolean, got ${valueV(v)}`);
      return [];
    case "untyped":
      if (typeof v === "object") return errorf(`${prefix}expected any scalar, got ${valueV(v)}`);
      return [];
  }
}

/** %#v of a decoded JSON value. */
function goSharpV(v: unknown): string {
  if (typeof v === "string") return goQuote(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(", ")}}`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[string]interface {}{${keys.map((k) => `${goQuote(k)}:${goSharpV(v[k])}`).join(", ")}}`;
  }
  if (v === null || v === undefined) return "interface {}(nil)";
  return goValueString(v);
}

// ---- list items as path elements ---------------------------------------------------------------

export class ListItemError extends Error {}

/** listItemToPathElement: the key of an associative list item. */
export function listItemToPathElement(t: ListAtom, child: unknown): PathElement {
  if (t.elementRelationship !== "associative")
    throw new ListItemError("invalid indexing of non-associative list");
  if (t.keys.length > 0) {
    if (child === null) throw new ListItemError("associative list with keys may not have a null element");
    if (!isObject(child)) throw new ListItemError("associative list with keys may not have non-map elements");
    const fields: [string, unknown][] = [];
    for (const name of t.keys) {
      if (Object.prototype.hasOwnProperty.call(child, name)) {
        fields.push([name, child[name]]);
        continue;
      }
      const elem = t.element.atom;
      if (!elem.map) {
        throw new ListItemError(
          `couldn't find default value for ${name}: associative list may not have non-map types`,
        );
      }
      const def = elem.map.fields.get(name)?.default;
      if (def !== undefined && def !== null) fields.push([name, def]);
    }
    if (fields.length === 0) {
      throw new ListItemError(
        `associative list with keys has an element that omits all key fields [${t.keys.map(goQuote).join(" ")}] (and doesn't have default values for any key fields)`,
      );
    }
    return keyPE(fields);
  }
  if (isObject(child))
    throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(child)) throw new ListItemError("not supported: associative list with lists as elements");
  if (child === null)
    throw new ListItemError("associative list without keys has an element that's an explicit null");
  return valuePE(child);
}

function tryPE(t: ListAtom, child: unknown): PathElement | ValidationError[] {
  try {
    return listItemToPathElement(t, child);
  } catch (e) {
    if (e instanceof ListItemError) return errorf(e.message);
    throw e;
  }
}

/** A map from path elements to values, keyed by the element's serialised form. */
class PEMap<V> {
  private readonly m = new Map<string, V>();
  private static key(pe: PathElement): string {
    switch (pe.kind) {
      case "field":
        return "f" + pe.name;
      case "key":
        return "k" + JSON.stringify(pe.fields);
      case "value":
        return "v" + JSON.stringify(pe.value);
      case "index":
        return "i" + String(pe.index);
    }
  }
  get(pe: PathElement): V | undefined {
    return this.m.get(PEMap.key(pe));
  }
  has(pe: PathElement): boolean {
    return this.m.has(PEMap.key(pe));
  }
  set(pe: PathElement, v: V): void {
    this.m.set(PEMap.key(pe), v);
  }
}

// ---- validation --------------------------------------------------------------------------------

export interface ValidateOptions {
  /** Duplicate associative-list keys are accepted (live objects); not in applied configurations. */
  allowDuplicates: boolean;
  /** Members the schema does not declare are accepted as deduced data (live objects). */
  allowUndeclared: boolean;
}

/** TypedValue.Validate. */
export function validate(v: unknown, tr: TypeRef, opts: ValidateOptions): ValidationError[] {
  const a = deduceAtom(tr.atom, v);
  return handleAtom<ValidationError[]>(a, {
    invalid: () => errorf("schema error: invalid atom: inlined"),
    scalar: (t) => validateScalar(t, v, ""),
    list: (t) => {
      if (v === undefined || v === null) return [];
      const l = asList(v);
      if (!l) return errorf(`expected list, got ${valueV(v)}`);
      const errs: ValidationError[] = [];
      const observed = new PEMap<true>();
      for (let i = 0; i < l.length; i++) {
        let pe: PathElement;
        if (t.elementRelationship !== "associative") pe = indexPE(i);
        else {
          const r = tryPE(t, l[i]);
          if (Array.isArray(r)) return [...errs, ...errorf(`element ${i}: ${r[0].message}`)];
          pe = r;
          if (observed.has(pe) && !opts.allowDuplicates)
            errs.push(...errorf(`duplicate entries for key ${peString(pe)}`));
          observed.set(pe, true);
        }
        errs.push(...prefixed(validate(l[i], t.element, opts), peString(pe)));
      }
      return errs;
    },
    map: (t) => {
      if (v === undefined || v === null) return [];
      const m = asMap(v);
      if (!m) return errorf(`expected map, got ${valueV(v)}`);
      const errs: ValidationError[] = [];
      for (const key of Object.keys(m)) {
        const prefix = "." + key;
        let tr2 = memberType(t, key);
        if (!tr2) {
          if (!opts.allowUndeclared) {
            errs.push(...prefixed(errorf("field not declared in schema"), prefix));
            break;
          }
          tr2 = deduced;
        }
        errs.push(...prefixed(validate(m[key], tr2, opts), prefix));
      }
      return errs;
    },
  });
}

// ---- field sets --------------------------------------------------------------------------------

/** TypedValue.ToFieldSet: every leaf the value sets, list items, and empty/null maps. */
export function toFieldSet(v: unknown, tr: TypeRef): FieldSet {
  const set = new FieldSet();
  buildFieldSet(v, tr, set);
  return set;
}

/**
 * Fill `into` with the fields below `v` (built bottom-up, sorted once per level); true when the
 * path of `v` itself is a member (a scalar, an atomic list or map).
 */
function buildFieldSet(v: unknown, tr: TypeRef, into: FieldSet): boolean {
  const a = deduceAtom(tr.atom, v);
  const members: PathElement[] = [];
  const children: { pe: PathElement; set: FieldSet }[] = [];
  const add = (pe: PathElement, member: boolean, sub: FieldSet) => {
    if (member) members.push(pe);
    if (sub.members.length > 0 || sub.children.length > 0) children.push({ pe, set: sub });
  };
  if (a.map) {
    const t = a.map;
    if (t.elementRelationship === "atomic") return true;
    const m = asMap(v);
    if (!m) return false;
    for (const key of Object.keys(m)) {
      const val = m[key];
      const sub = new FieldSet();
      const self = buildFieldSet(val, fieldType(t, key), sub);
      const member =
        self || val === null || (isObject(val) && Object.keys(val).length === 0) || !t.fields.has(key);
      add(fieldPE(key), member, sub);
    }
  } else if (a.scalar) {
    return true;
  } else if (a.list) {
    const t = a.list;
    if (t.elementRelationship === "atomic") return true;
    const l = asList(v);
    if (!l) return false;
    const pes = l.map((child) => {
      const r = tryPE(t, child);
      return Array.isArray(r) ? undefined : r;
    });
    const seen = new PEMap<true>();
    const duplicates = new PEMap<true>();
    for (const pe of pes) {
      if (!pe) continue;
      if (seen.has(pe)) {
        if (!duplicates.has(pe)) {
          members.push(pe);
          duplicates.set(pe, true);
        }
      } else seen.set(pe, true);
    }
    l.forEach((child, i) => {
      const pe = pes[i];
      if (!pe || duplicates.has(pe)) return;
      const sub = new FieldSet();
      buildFieldSet(child, t.element, sub);
      add(pe, true, sub);
    });
  } else {
    return false;
  }
  into.members = members.sort(comparePE);
  into.children = children.sort((x, y) => comparePE(x.pe, y.pe));
  return false;
}

// ---- merge (apply) -----------------------------------------------------------------------------

/**
 * TypedValue.Merge with "keep RHS": the applied configuration `rhs` over the live object `lhs`.
 * Leaves and atomic values come from rhs when it has them; granular maps and associative lists
 * combine member by member. `undefined` when neither side has a value.
 */
export function merge(lhs: unknown, rhs: unknown, tr: TypeRef): { out: unknown; errs: ValidationError[] } {
  const atom = tr.atom;
  const a = rhs !== undefined ? deduceAtom(atom, rhs) : deduceAtom(atom, lhs);
  const leaf = () => (rhs !== undefined ? rhs : lhs);
  return handleAtom<{ out: unknown; errs: ValidationError[] }>(a, {
    invalid: () => ({ out: undefined, errs: errorf("schema error: invalid atom: inlined") }),
    scalar: (t) => {
      const lerrs = validateScalar(t, lhs, "lhs: ");
      const rerrs = validateScalar(t, rhs, "rhs: ");
      if (lerrs.length > 0 && rerrs.length > 0) return { out: undefined, errs: [...lerrs, ...rerrs] };
      return { out: leaf(), errs: [] };
    },
    list: (t) => {
      const l = asList(lhs);
      const r = asList(rhs);
      const emptyPromoteToLeaf = (!l || l.length === 0) && (!r || r.length === 0);
      if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) return { out: leaf(), errs: [] };
      return mergeListItems(t, l ?? [], r ?? []);
    },
    map: (t) => {
      const l = asMap(lhs);
      const r = asMap(rhs);
      const emptyPromoteToLeaf = (!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0);
      if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) return { out: leaf(), errs: [] };
      const out: Record<string, unknown> = {};
      const errs: ValidationError[] = [];
      const keys = [...Object.keys(l ?? {})];
      for (const k of Object.keys(r ?? {}))
        if (!l || !Object.prototype.hasOwnProperty.call(l, k)) keys.push(k);
      for (const key of keys) {
        const lv = l && Object.prototype.hasOwnProperty.call(l, key) ? l[key] : undefined;
        const rv = r && Object.prototype.hasOwnProperty.call(r, key) ? r[key] : undefined;
        const res = merge(lv, rv, fieldType(t, key));
        errs.push(...prefixed(res.errs, "." + key));
        if (res.out !== undefined) setKey(out, key, res.out);
      }
      return { out: Object.keys(out).length > 0 ? out : undefined, errs };
    },
  });
}

/** Associative list merge, keeping the applied order and the live position of live-only items. */
function mergeListItems(
  t: ListAtom,
  lhs: unknown[],
  rhs: unknown[],
): { out: unknown; errs: ValidationError[] } {
  const errs: ValidationError[] = [];
  const index = (list: unknown[], allowDuplicates: boolean) => {
    const pes: PathElement[] = [];
    const positions: number[] = [];
    const observed = new PEMap<unknown>();
    list.forEach((child, i) => {
      const r = tryPE(t, child);
      if (Array.isArray(r)) {
        errs.push(...errorf(`element ${i}: ${r[0].message}`));
        return;
      }
      if (observed.has(r)) {
        if (!allowDuplicates) {
          errs.push(...errorf(`duplicate entries for key ${peString(r)}`));
          return;
        }
        // Duplicated items are not merged with the new value.
        observed.set(r, null);
      } else observed.set(r, child);
      pes.push(r);
      positions.push(i);
    });
    return { pes, positions, observed };
  };
  const R = index(rhs, false);
  const L = index(lhs, true);
  if (errs.length > 0) return { out: undefined, errs };

  const sharedOrder = R.pes.filter((pe) => L.observed.has(pe));
  let nextShared: PathElement | undefined = sharedOrder.shift();
  const same = (a: PathElement | undefined, b: PathElement) =>
    a !== undefined && peString(a) === peString(b) && a.kind === b.kind;

  const out: unknown[] = [];
  const mergedRHS = new PEMap<true>();
  const item = (pe: PathElement, lChild: unknown, rChild: unknown) => {
    const res = merge(lChild, rChild, t.element);
    errs.push(...prefixed(res.errs, peString(pe)));
    if (res.out !== undefined) out.push(res.out);
  };

  let lI = 0;
  let rI = 0;
  const lLen = L.pes.length;
  const rLen = R.pes.length;
  while (lI < lLen || rI < rLen) {
    if (lI < lLen && rI < rLen) {
      const pe = L.pes[lI];
      if (same(pe, R.pes[rI])) {
        mergedRHS.set(pe, true);
        item(pe, L.observed.get(pe), R.observed.get(pe));
        lI++;
        rI++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (R.observed.has(pe) && nextShared !== undefined && !same(nextShared, pe)) {
        // A shared item, but not the one due in this round.
        lI++;
        continue;
      }
    }
    if (lI < lLen) {
      const pe = L.pes[lI];
      if (!R.observed.has(pe)) {
        item(pe, lhs[L.positions[lI]], undefined);
        lI++;
        continue;
      } else if (mergedRHS.has(pe)) {
        lI++;
      }
    }
    if (rI < rLen) {
      const pe = R.pes[rI];
      mergedRHS.set(pe, true);
      item(pe, L.observed.get(pe), R.observed.get(pe));
      rI++;
      if (same(nextShared, pe)) nextShared = sharedOrder.shift();
    }
  }
  return { out: out.length > 0 ? out : undefined, errs };
}

// ---- compare -----------------------------------------------------------------------------------

export interface Comparison {
  removed: FieldSet;
  modified: FieldSet;
  added: FieldSet;
}

/** TypedValue.Compare: the fields added, modified and removed from `lhs` to `rhs`. */
export function compare(lhs: unknown, rhs: unknown, tr: TypeRef): Comparison {
  const c: Comparison = { removed: new FieldSet(), modified: new FieldSet(), added: new FieldSet() };
  compareNode(lhs, rhs, tr, [], c);
  return c;
}

function compareNode(lhs: unknown, rhs: unknown, tr: TypeRef, path: PathElement[], c: Comparison): void {
  const atom = tr.atom;
  const a = rhs !== undefined ? deduceAtom(atom, rhs) : deduceAtom(atom, lhs);
  const leaf = (): true => {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
    return true;
  };
  const inLeaf = handleAtom<boolean>(a, {
    invalid: () => false,
    scalar: () => leaf(),
    list: (t) => {
      const l = asList(lhs);
      const r = asList(rhs);
      const emptyPromoteToLeaf = (!l || l.length === 0) && (!r || r.length === 0);
      if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) return leaf();
      compareListItems(t, l ?? [], r ?? [], path, c);
      return false;
    },
    map: (t) => {
      const l = asMap(lhs);
      const r = asMap(rhs);
      const emptyPromoteToLeaf = (!l || Object.keys(l).length === 0) && (!r || Object.keys(r).length === 0);
      if (t.elementRelationship === "atomic" || emptyPromoteToLeaf) return leaf();
      const keys = [...Object.keys(l ?? {})];
      for (const k of Object.keys(r ?? {}))
        if (!l || !Object.prototype.hasOwnProperty.call(l, k)) keys.push(k);
      for (const key of keys) {
        const lv = l && Object.prototype.hasOwnProperty.call(l, key) ? l[key] : undefined;
        const rv = r && Object.prototype.hasOwnProperty.call(r, key) ? r[key] : undefined;
        compareNode(lv, rv, fieldType(t, key), [...path, fieldPE(key)], c);
      }
      return false;
    },
  });
  if (!inLeaf) {
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
  }
}

function compareListItems(
  t: ListAtom,
  lhs: unknown[],
  rhs: unknown[],
  path: PathElement[],
  c: Comparison,
): void {
  const all: PathElement[] = [];
  const lValues = new PEMap<unknown[]>();
  const rValues = new PEMap<unknown[]>();
  for (const child of lhs) {
    const pe = tryPE(t, child);
    if (Array.isArray(pe)) continue;
    const prev = lValues.get(pe);
    if (prev) prev.push(child);
    else {
      lValues.set(pe, [child]);
      all.push(pe);
    }
  }
  for (const child of rhs) {
    const pe = tryPE(t, child);
    if (Array.isArray(pe)) continue;
    const prev = rValues.get(pe);
    if (prev) prev.push(child);
    else {
      rValues.set(pe, [child]);
      if (!lValues.has(pe)) all.push(pe);
    }
  }
  for (const pe of all) {
    const l = lValues.get(pe) ?? [];
    const r = rValues.get(pe) ?? [];
    const childPath = [...path, pe];
    if (l.length <= 1 && r.length <= 1) {
      compareNode(l[0], r[0], t.element, childPath, c);
    } else if (l.length >= 2 && r.length >= 2) {
      if (l.length !== r.length || !l.every((x, i) => jsonEqual(x, r[i]))) c.modified.insert(childPath);
    } else if (l.length >= 2) {
      if (r.length !== 0) compareNode(undefined, r[0], t.element, childPath, c);
      c.removed.insert(childPath);
    } else {
      if (l.length !== 0) compareNode(l[0], undefined, t.element, childPath, c);
      c.added.insert(childPath);
    }
  }
}

// ---- remove ------------------------------------------------------------------------------------

/** TypedValue.RemoveItems: drop the fields in `toRemove`. A map or list left empty becomes null. */
export function removeItems(v: unknown, toRemove: FieldSet, tr: TypeRef): unknown {
  const a = deduceAtom(tr.atom, v);
  return handleAtom<unknown>(a, {
    invalid: () => null,
    scalar: () => v,
    list: (t) => {
      const l = asList(v);
      if (!l || l.length === 0 || t.elementRelationship === "atomic") return null;
      const items: unknown[] = [];
      for (const item of l) {
        const r = tryPE(t, item);
        if (Array.isArray(r)) {
          items.push(item);
          continue;
        }
        if (toRemove.hasMember(r)) continue;
        const sub = toRemove.withPrefix(r);
        items.push(sub.empty() ? item : removeItems(item, sub, t.element));
      }
      return items.length > 0 ? items : null;
    },
    map: (t) => {
      const m = asMap(v);
      if (!m || Object.keys(m).length === 0 || t.elementRelationship === "atomic") return null;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(m)) {
        const pe = fieldPE(k);
        if (toRemove.hasMember(pe)) continue;
        const sub = toRemove.withPrefix(pe);
        setKey(out, k, sub.empty() ? m[k] : removeItems(m[k], sub, fieldType(t, k)));
      }
      return Object.keys(out).length > 0 ? out : null;
    },
  });
}

/** Set.EnsureNamedFieldsAreMembers: a declared field that has children is also a member. */
export function ensureNamedFieldsAreMembers(s: FieldSet, tr: TypeRef | undefined): FieldSet {
  const atom = tr?.atom;
  const out = new FieldSet();
  out.members = [...s.members];
  for (const node of s.children) {
    if (node.pe.kind === "field" && atom?.map?.fields.has(node.pe.name) && !out.hasMember(node.pe)) {
      out.insert([node.pe]);
    }
  }
  out.children = s.children.map((node) => {
    let sub: TypeRef | undefined;
    if (node.pe.kind === "field" && atom?.map) sub = memberType(atom.map, node.pe.name);
    else if (node.pe.kind === "key" && atom?.list) sub = atom.list.element;
    return { pe: node.pe, set: ensureNamedFieldsAreMembers(node.set, sub) };
  });
  return out;
}

export { pathString };
