// Label selectors as upstream's k8s.io/apimachinery/pkg/labels: the string syntax
// ("app=web,tier!=db,env in (a,b),!legacy,version>3"), its parser with upstream's error messages,
// matching, and conversion from the metav1.LabelSelector object form.
import { isQualifiedName, isValidLabelValue } from "../validation/names.js";
import { type FieldError, errorString, invalid, notSupported } from "../validation/field.js";

export type Operator = "=" | "==" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

const unaryOperators: Operator[] = ["exists", "!"];
const binaryOperators: Operator[] = ["in", "notin", "=", "==", "!=", "gt", "lt"];
const validRequirementOperators = [...binaryOperators, ...unaryOperators];

export interface Requirement {
  key: string;
  operator: Operator;
  /** Sorted, de-duplicated (upstream keeps them as a set). */
  values: string[];
}

export type Labels = Record<string, string> | undefined;

const has = (ls: Labels, k: string): boolean => ls !== undefined && Object.hasOwn(ls, k);

/** Upstream's strconv.ParseInt(s, 10, 64) acceptance. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > 9223372036854775807n || v < -9223372036854775808n) return undefined;
  return v;
}

export function requirementMatches(r: Requirement, ls: Labels): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return has(ls, r.key) && r.values.includes(ls![r.key]);
    case "notin":
    case "!=":
      return !has(ls, r.key) || !r.values.includes(ls![r.key]);
    case "exists":
      return has(ls, r.key);
    case "!":
      return !has(ls, r.key);
    case "gt":
    case "lt": {
      if (!has(ls, r.key) || r.values.length !== 1) return false;
      const lv = parseInt64(ls![r.key]);
      const rv = parseInt64(r.values[0]);
      if (lv === undefined || rv === undefined) return false;
      return r.operator === "gt" ? lv > rv : lv < rv;
    }
  }
}

export function requirementString(r: Requirement): string {
  let s = r.operator === "!" ? "!" : "";
  s += r.key;
  switch (r.operator) {
    case "=":
      s += "=";
      break;
    case "==":
      s += "==";
      break;
    case "!=":
      s += "!=";
      break;
    case "in":
      s += " in ";
      break;
    case "notin":
      s += " notin ";
      break;
    case "gt":
      s += ">";
      break;
    case "lt":
      s += "<";
      break;
    case "exists":
    case "!":
      return s;
  }
  const vals = r.values.length === 1 ? r.values[0] : r.values.join(",");
  return r.operator === "in" || r.operator === "notin" ? `${s}(${vals})` : s + vals;
}

/** A parsed selector: the AND of its requirements, sorted by key. */
export class LabelSelector {
  constructor(readonly requirements: readonly Requirement[]) {}
  /** An empty selector matches everything. */
  get empty(): boolean {
    return this.requirements.length === 0;
  }
  matches(ls: Labels): boolean {
    for (const r of this.requirements) if (!requirementMatches(r, ls)) return false;
    return true;
  }
  toString(): string {
    return this.requirements.map(requirementString).join(",");
  }
  /** The value `key` must equal, if the selector pins it (=, == or a one-value in). */
  requiresExactMatch(key: string): string | undefined {
    for (const r of this.requirements) {
      if (r.key !== key) continue;
      if ((r.operator === "=" || r.operator === "==" || r.operator === "in") && r.values.length === 1)
        return r.values[0];
      return undefined;
    }
    return undefined;
  }
}

export const everything = new LabelSelector([]);

/** A selector that matches nothing (upstream's labels.Nothing(), for a nil metav1.LabelSelector where asked). */
export const nothing = {
  empty: false,
  requirements: [] as Requirement[],
  matches: () => false,
  toString: () => "",
  requiresExactMatch: () => undefined,
};

/** Aggregated error text as upstream's field.ErrorList.ToAggregate().Error(). */
function aggregate(errs: FieldError[]): string {
  const msgs: string[] = [];
  for (const e of errs) {
    const m = errorString(e);
    if (!msgs.includes(m)) msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
}

function pathChild(path: string | undefined, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** upstream NewRequirement: validates the key, operator and values. Returns the error text or a requirement. */
export function newRequirement(
  key: string,
  operator: string,
  vals: string[],
  path?: string,
): { ok: true; requirement: Requirement } | { ok: false; error: string } {
  const errs: FieldError[] = [];
  const keyMsgs = isQualifiedName(key);
  if (keyMsgs.length) errs.push(invalid(pathChild(path, "key"), key, keyMsgs.join("; ")));
  const valuePath = pathChild(path, "values");
  switch (operator) {
    case "in":
    case "notin":
      if (vals.length === 0)
        errs.push(invalid(valuePath, vals, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (vals.length !== 1)
        errs.push(invalid(valuePath, vals, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (vals.length !== 0)
        errs.push(invalid(valuePath, vals, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (vals.length !== 1)
        errs.push(invalid(valuePath, vals, "for 'Gt', 'Lt' operators, exactly one value is required"));
      vals.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(
            invalid(`${valuePath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
      });
      break;
    default:
      errs.push(notSupported(pathChild(path, "operator"), operator, validRequirementOperators));
  }
  vals.forEach((v, i) => {
    const m = isValidLabelValue(v);
    if (m.length) errs.push(invalid(`${valuePath}[${i}][${key}]`, v, m.join("; ")));
  });
  if (errs.length) return { ok: false, error: aggregate(errs) };
  return { ok: true, requirement: { key, operator: operator as Operator, values: vals } };
}

// ---- the string parser (upstream's Lexer/Parser, same tokens and messages) ----

type Token = "error" | "eos" | ")" | "," | "!" | "==" | "=" | ">" | "id" | "in" | "<" | "!=" | "notin" | "(";

const literalTokens: Record<string, Token> = {
  ")": ")",
  ",": ",",
  "!": "!",
  "==": "==",
  "=": "=",
  ">": ">",
  in: "in",
  "<": "<",
  "!=": "!=",
  notin: "notin",
  "(": "(",
};

const isWhitespace = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isSpecial = (c: string) =>
  c === "=" || c === "!" || c === "(" || c === ")" || c === "," || c === ">" || c === "<";

interface Item {
  tok: Token;
  lit: string;
}

function lex(s: string): Item[] {
  // Upstream scans bytes; a JS string index over UTF-16 units gives the same tokens for these ASCII delimiters.
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isWhitespace(s[pos])) pos++;
    if (pos >= s.length) {
      items.push({ tok: "eos", lit: "" });
      return items;
    }
    if (isSpecial(s[pos])) {
      let buf = "";
      let last: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        buf += s[pos];
        const t = Object.hasOwn(literalTokens, buf) ? literalTokens[buf] : undefined;
        if (t) {
          last = { tok: t, lit: buf };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: "error", lit: `error expected: keyword found '${buf}'` });
      continue;
    }
    let buf = "";
    while (pos < s.length && !isSpecial(s[pos]) && !isWhitespace(s[pos])) buf += s[pos++];
    const t = Object.hasOwn(literalTokens, buf) ? literalTokens[buf] : undefined;
    items.push({ tok: t ?? "id", lit: buf });
  }
}

class ParseError extends Error {}

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  private lookahead(values: boolean): Item {
    const it = this.items[this.position];
    return values && (it.tok === "in" || it.tok === "notin") ? { tok: "id", lit: it.lit } : it;
  }
  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      switch (tok) {
        case "id":
        case "!": {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            throw new ParseError(`unable to parse requirement: ${(e as Error).message}`);
          }
          reqs.push(r);
          const t = this.consume(true);
          if (t.tok === "eos") return reqs;
          if (t.tok === ",") {
            const t2 = this.lookahead(true);
            if (t2.tok !== "id" && t2.tok !== "!")
              throw new ParseError(`found '${t2.lit}', expected: identifier after ','`);
            break;
          }
          throw new ParseError(`found '${t.lit}', expected: ',' or 'end of string'`);
        }
        case "eos":
          return reqs;
        default:
          throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const { key, operator } = this.parseKeyAndInferOperator();
    if (operator === "exists" || operator === "!") return mustRequirement(key, operator, []);
    const op = this.parseOperator();
    const values = op === "in" || op === "notin" ? this.parseValues() : this.parseExactValue();
    return mustRequirement(key, op, [...values].sort());
  }

  private parseKeyAndInferOperator(): { key: string; operator?: Operator } {
    let operator: Operator | undefined;
    let it = this.consume(true);
    if (it.tok === "!") {
      operator = "!";
      it = this.consume(true);
    }
    if (it.tok !== "id") throw new ParseError(`found '${it.lit}', expected: identifier`);
    const msgs = isQualifiedName(it.lit);
    if (msgs.length) throw new ParseError(errorString(invalid("<nil>", it.lit, msgs.join("; "))));
    const next = this.lookahead(true).tok;
    if ((next === "eos" || next === ",") && operator !== "!") operator = "exists";
    return { key: it.lit, operator };
  }

  private parseOperator(): Operator {
    const { tok, lit } = this.consume(false);
    switch (tok) {
      case "in":
        return "in";
      case "=":
        return "=";
      case "==":
        return "==";
      case ">":
        return "gt";
      case "<":
        return "lt";
      case "notin":
        return "notin";
      case "!=":
        return "!=";
      default:
        throw new ParseError(`found '${lit}', expected: ${binaryOperators.join(", ")}`);
    }
  }

  private parseValues(): Set<string> {
    let it = this.consume(true);
    if (it.tok !== "(") throw new ParseError(`found '${it.lit}' expected: '('`);
    it = this.lookahead(true);
    switch (it.tok) {
      case "id":
      case ",": {
        const s = this.parseIdentifiersList();
        if (this.consume(true).tok !== ")") throw new ParseError(`found '${it.lit}', expected: ')'`);
        return s;
      }
      case ")":
        this.consume(true);
        return new Set([""]);
      default:
        throw new ParseError(`found '${it.lit}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const it = this.consume(true);
      switch (it.tok) {
        case "id": {
          s.add(it.lit);
          const t2 = this.lookahead(true);
          if (t2.tok === ",") continue;
          if (t2.tok === ")") return s;
          throw new ParseError(`found '${t2.lit}', expected: ',' or ')'`);
        }
        case ",": {
          if (s.size === 0) s.add("");
          const t2 = this.lookahead(true).tok;
          if (t2 === ")") {
            s.add("");
            return s;
          }
          if (t2 === ",") {
            this.consume(true);
            s.add("");
          }
          continue;
        }
        default:
          throw new ParseError(`found '${it.lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const t = this.lookahead(true).tok;
    if (t === "eos" || t === ",") return new Set([""]);
    const it = this.consume(true);
    if (it.tok === "id") return new Set([it.lit]);
    throw new ParseError(`found '${it.lit}', expected: identifier`);
  }
}

function mustRequirement(key: string, op: Operator, vals: string[]): Requirement {
  const r = newRequirement(key, op, vals);
  if (!r.ok) throw new ParseError(r.error);
  return r.requirement;
}

const byKey = (a: Requirement, b: Requirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Parses the string form (the `labelSelector` query parameter). The error text is upstream's. */
export function parseLabelSelector(
  s: string,
): { ok: true; selector: LabelSelector } | { ok: false; error: string } {
  try {
    const reqs = new Parser(lex(s)).parse();
    return { ok: true, selector: new LabelSelector(reqs.sort(byKey)) };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

/** All labels equal (upstream SelectorFromSet). */
export function selectorFromSet(set: Record<string, string> | undefined): LabelSelector {
  const reqs: Requirement[] = Object.entries(set ?? {}).map(([key, v]) => ({
    key,
    operator: "=",
    values: [v],
  }));
  return new LabelSelector(reqs.sort(byKey));
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * upstream metav1.LabelSelectorAsSelector: the object form as a selector. A null/undefined selector selects nothing,
 * an empty one everything.
 */
export function labelSelectorAsSelector(
  ps: LabelSelectorObject | undefined | null,
): { ok: true; selector: LabelSelector | typeof nothing } | { ok: false; error: string } {
  if (ps === undefined || ps === null) return { ok: true, selector: nothing };
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(ps.matchLabels ?? {})) {
    const r = newRequirement(k, "=", [v]);
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  for (const expr of ps.matchExpressions ?? []) {
    let op: Operator;
    switch (expr.operator) {
      case "In":
        op = "in";
        break;
      case "NotIn":
        op = "notin";
        break;
      case "Exists":
        op = "exists";
        break;
      case "DoesNotExist":
        op = "!";
        break;
      default:
        return {
          ok: false,
          error: `${JSON.stringify(expr.operator)} is not a valid label selector operator`,
        };
    }
    const r = newRequirement(expr.key, op, [...new Set(expr.values ?? [])].sort());
    if (!r.ok) return r;
    reqs.push(r.requirement);
  }
  return { ok: true, selector: new LabelSelector(reqs.sort(byKey)) };
}
