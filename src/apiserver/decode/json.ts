// JSON request bodies, parsed with the native parser but judged as Go's encoding/json judges them:
// syntax errors carry Go's scanner messages ("invalid character 'x' looking for beginning of value",
// "unexpected end of JSON input"), nesting deeper than Go's 10000 levels is refused, and duplicate object
// keys are reported with their path (sigs.k8s.io/json's strict "duplicate field" errors).

/** Go's maxNestingDepth in encoding/json's scanner. */
export const maxNestingDepth = 10000;

export type ParsedJSON = { ok: true; value: unknown; duplicates: string[] } | { ok: false; error: string };

/** Parses a body. `duplicates` lists the paths of repeated keys ("spec.replicas", "items[0].name"). */
export function parseJSON(buf: Buffer): ParsedJSON {
  const scan = quickScan(buf);
  if (scan.depth > maxNestingDepth) return { ok: false, error: goSyntaxError(buf) ?? "exceeded max depth" };
  let value: unknown;
  try {
    value = JSON.parse(buf.toString("utf8"));
  } catch {
    return { ok: false, error: goSyntaxError(buf) ?? "unexpected end of JSON input" };
  }
  // Every key in the text is followed by a ':' outside strings; fewer keys in the value means repeats.
  if (countKeys(value) === scan.colons) return { ok: true, value, duplicates: [] };
  return { ok: true, value, duplicates: findDuplicates(buf) };
}

/** Max nesting depth and number of ':' outside strings, in one pass over the bytes. */
function quickScan(buf: Buffer): { depth: number; colons: number } {
  let depth = 0;
  let max = 0;
  let colons = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22:
        inString = true;
        break;
      case 0x7b:
      case 0x5b:
        if (++depth > max) max = depth;
        break;
      case 0x7d:
      case 0x5d:
        depth--;
        break;
      case 0x3a:
        colons++;
        break;
    }
  }
  return { depth: max, colons };
}

function countKeys(v: unknown): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length) {
    const x = stack.pop();
    if (x === null || typeof x !== "object") continue;
    if (Array.isArray(x)) {
      for (const e of x) stack.push(e);
    } else {
      for (const k in x) {
        n++;
        stack.push((x as Record<string, unknown>)[k]);
      }
    }
  }
  return n;
}

// ---- Go's scanner, for its error messages ----

/** quoteChar from encoding/json: a byte shown as Go's strconv.Quote shows the rune of the same value. */
export function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  return "'" + goQuoteRune(c) + "'";
}

function goQuoteRune(c: number): string {
  switch (c) {
    case 0x07:
      return "\\a";
    case 0x08:
      return "\\b";
    case 0x0c:
      return "\\f";
    case 0x0a:
      return "\\n";
    case 0x0d:
      return "\\r";
    case 0x09:
      return "\\t";
    case 0x0b:
      return "\\v";
    case 0x5c:
      return "\\\\";
  }
  if (c < 0x20 || c === 0x7f) return "\\x" + c.toString(16).padStart(2, "0");
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return "\\u" + c.toString(16).padStart(4, "0");
  return String.fromCharCode(c);
}

const enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** The message of Go's json.Unmarshal syntax error for these bytes, or undefined if Go accepts them. */
export function goSyntaxError(buf: Uint8Array): string | undefined {
  const stack: Ctx[] = [];
  let i = 0;
  const n = buf.length;
  const err = (c: number, context: string) => `invalid character ${quoteChar(c)} ${context}`;
  const eof = "unexpected end of JSON input";

  // Returns an error or the index after the value's end state (for literals/numbers/strings), or -1 to continue.
  for (;;) {
    // begin value
    while (i < n && isSpace(buf[i])) i++;
    if (i >= n) return eof;
    let c = buf[i];
    if (c === 0x7b || c === 0x5b) {
      stack.push(c === 0x7b ? Ctx.ObjectKey : Ctx.ArrayValue);
      if (stack.length > maxNestingDepth) return err(c, "exceeded max depth");
      i++;
      while (i < n && isSpace(buf[i])) i++;
      if (i >= n) return eof;
      c = buf[i];
      if (stack[stack.length - 1] === Ctx.ObjectKey) {
        if (c === 0x7d) {
          stack.pop();
          i++;
        } else if (c !== 0x22) {
          return err(c, "looking for beginning of object key string");
        } else {
          continue; // the key string is scanned as a value below
        }
      } else {
        if (c === 0x5d) {
          stack.pop();
          i++;
        } else {
          continue;
        }
      }
    } else {
      const r = scanScalar(buf, i, err);
      if (typeof r === "string") return r;
      i = r;
    }
    // end value: unwind the stack
    for (;;) {
      while (i < n && isSpace(buf[i])) i++;
      if (stack.length === 0) {
        if (i < n) return err(buf[i], "after top-level value");
        return undefined;
      }
      if (i >= n) return eof;
      c = buf[i];
      const top = stack[stack.length - 1];
      if (top === Ctx.ObjectKey) {
        if (c !== 0x3a) return err(c, "after object key");
        stack[stack.length - 1] = Ctx.ObjectValue;
        i++;
        break;
      }
      if (top === Ctx.ObjectValue) {
        if (c === 0x2c) {
          stack[stack.length - 1] = Ctx.ObjectKey;
          i++;
          while (i < n && isSpace(buf[i])) i++;
          if (i >= n) return eof;
          if (buf[i] !== 0x22) return err(buf[i], "looking for beginning of object key string");
          break;
        }
        if (c === 0x7d) {
          stack.pop();
          i++;
          continue;
        }
        return err(c, "after object key:value pair");
      }
      // array
      if (c === 0x2c) {
        i++;
        break;
      }
      if (c === 0x5d) {
        stack.pop();
        i++;
        continue;
      }
      return err(c, "after array element");
    }
  }
}

/** Scans a string, number or literal at i; returns the index after it or an error message. */
function scanScalar(buf: Uint8Array, i: number, err: (c: number, ctx: string) => string): number | string {
  const n = buf.length;
  const eof = "unexpected end of JSON input";
  const c = buf[i];
  if (c === 0x22) {
    i++;
    for (;;) {
      if (i >= n) return eof;
      const d = buf[i];
      if (d === 0x22) return i + 1;
      if (d === 0x5c) {
        i++;
        if (i >= n) return eof;
        const e = buf[i];
        if (e === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= n) return eof;
            if (!isHex(buf[i])) return err(buf[i], "in \\u hexadecimal character escape");
          }
          i++;
          continue;
        }
        if (!'bfnrt\\/"'.includes(String.fromCharCode(e))) return err(e, "in string escape code");
        i++;
        continue;
      }
      if (d < 0x20) return err(d, "in string literal");
      i++;
    }
  }
  if (c === 0x2d || isDigit(c)) {
    if (c === 0x2d) {
      i++;
      if (i >= n) return eof;
      if (!isDigit(buf[i])) return err(buf[i], "in numeric literal");
    }
    if (buf[i] === 0x30) i++;
    else while (i < n && isDigit(buf[i])) i++;
    if (i < n && buf[i] === 0x2e) {
      i++;
      if (i >= n) return eof;
      if (!isDigit(buf[i])) return err(buf[i], "after decimal point in numeric literal");
      while (i < n && isDigit(buf[i])) i++;
    }
    if (i < n && (buf[i] === 0x65 || buf[i] === 0x45)) {
      i++;
      if (i < n && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
      if (i >= n) return eof;
      if (!isDigit(buf[i])) return err(buf[i], "in exponent of numeric literal");
      while (i < n && isDigit(buf[i])) i++;
    }
    return i;
  }
  for (const lit of ["true", "false", "null"]) {
    if (c !== lit.charCodeAt(0)) continue;
    for (let k = 1; k < lit.length; k++) {
      i++;
      if (i >= n) return eof;
      if (buf[i] !== lit.charCodeAt(k)) return err(buf[i], `in literal ${lit} (expecting '${lit[k]}')`);
    }
    return i + 1;
  }
  return err(c, "looking for beginning of value");
}

// ---- duplicate keys, with sigs.k8s.io/json's path format ----

interface Frame {
  kind: "object" | "array";
  /** The path of this container ("" at the top). */
  path: string;
  keys?: Set<string>;
  index: number;
}

/** Paths of repeated keys, in document order (only called when the quick count says there are some). */
function findDuplicates(buf: Buffer): string[] {
  const text = buf.toString("utf8");
  const out: string[] = [];
  const stack: Frame[] = [];
  let pendingKey: string | undefined;
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return "";
    if (top.kind === "array") return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${pendingKey}` : pendingKey!;
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const top = stack[stack.length - 1];
        if (top.keys!.has(key)) out.push(top.path ? `${top.path}.${key}` : key);
        top.keys!.add(key);
        pendingKey = key;
        expectKey = false;
      }
      i = j;
    } else if (ch === "{" || ch === "[") {
      const path = childPath();
      stack.push(
        ch === "{" ? { kind: "object", path, keys: new Set(), index: 0 } : { kind: "array", path, index: 0 },
      );
      expectKey = ch === "{";
    } else if (ch === "}" || ch === "]") {
      stack.pop();
    } else if (ch === ",") {
      const top = stack[stack.length - 1];
      if (top.kind === "array") top.index++;
      else expectKey = true;
    }
  }
  return out;
}
