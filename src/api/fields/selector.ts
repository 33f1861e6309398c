// Field selectors as upstream's k8s.io/apimachinery/pkg/fields: "metadata.name=x,status.phase!=Running",
// with upstream's escaping (\, \= \\) and error messages.

export interface FieldRequirement {
  field: string;
  /** "=" covers both "=" and "==" (upstream's hasTerm). */
  operator: "=" | "!=";
  value: string;
}

export type Fields = Record<string, string | undefined>;

export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}
  get empty(): boolean {
    return this.requirements.length === 0;
  }
  /** A missing field has the value "" (as upstream's fields.Set.Get). */
  matches(fields: Fields): boolean {
    for (const r of this.requirements) {
      const v = (Object.hasOwn(fields, r.field) ? fields[r.field] : undefined) ?? "";
      if (r.operator === "=" ? v !== r.value : v === r.value) return false;
    }
    return true;
  }
  /** The value `field` must equal, if this selector pins it. */
  requiresExactMatch(field: string): string | undefined {
    for (const r of this.requirements) if (r.field === field && r.operator === "=") return r.value;
    return undefined;
  }
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(",");
  }
  /** Rewrites each field label (upstream Transform with ConvertFieldLabel); an error aborts. */
  transform(
    fn: (field: string, value: string) => { field: string; value: string } | { error: string },
  ): { ok: true; selector: FieldSelector } | { ok: false; error: string } {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const t = fn(r.field, r.value);
      if ("error" in t) return { ok: false, error: t.error };
      out.push({ field: t.field, operator: r.operator, value: t.value });
    }
    return { ok: true, selector: new FieldSelector(out) };
  }
}

export const everything = new FieldSelector([]);

export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => "\\" + c);
}

function unescapeValue(s: string): { ok: true; value: string } | { ok: false; error: string } {
  if (!/[\\,=]/.test(s)) return { ok: true, value: s };
  let out = "";
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === "\\" || c === "," || c === "=") out += c;
      else return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      inSlash = false;
      continue;
    }
    if (c === "\\") inSlash = true;
    else if (c === "," || c === "=")
      // upstream prints the rune with %v, i.e. its code point
      return {
        ok: false,
        error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      };
    else out += c;
  }
  if (inSlash) return { ok: false, error: "invalid field selector: invalid escape sequence: \\" };
  return { ok: true, value: out };
}

function splitTerms(s: string): string[] {
  if (s.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === "\\") inSlash = true;
    else if (c === ",") {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

const termOperators = ["!=", "==", "="] as const;

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Parses the `fieldSelector` query parameter. Terms are sorted as upstream does. */
export function parseFieldSelector(
  selector: string,
): { ok: true; selector: FieldSelector } | { ok: false; error: string } {
  const parts = splitTerms(selector).sort();
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === "") continue;
    const t = splitTerm(part);
    if (!t) return { ok: false, error: `invalid selector: '${selector}'; can't understand '${part}'` };
    const v = unescapeValue(t.rhs);
    if (!v.ok) return v;
    reqs.push({ field: t.lhs, operator: t.op === "!=" ? "!=" : "=", value: v.value });
  }
  return { ok: true, selector: new FieldSelector(reqs) };
}
