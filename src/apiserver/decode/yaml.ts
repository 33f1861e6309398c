// YAML request bodies (application/yaml), converted to the JSON data model as sigs.k8s.io/yaml's
// YAMLToJSON does with YAML 1.1 rules (go-yaml v2: yes/no/on/off are booleans, timestamps stay strings).
// Only the first document counts. Repeated keys are what YAMLToJSONStrict reports.
import { parseAllDocuments, type DocumentOptions, type ParseOptions, type SchemaOptions } from "yaml";

export type ParsedYAML = { ok: true; value: unknown; duplicates: string[] } | { ok: false; error: string };

const options: ParseOptions & DocumentOptions & SchemaOptions = {
  version: "1.1",
  uniqueKeys: false,
  // go-yaml v2 resolves timestamps only into time.Time fields; into interface{} they stay strings.
  customTags: (tags) => tags.filter((t) => typeof t === "string" || t.tag !== "tag:yaml.org,2002:timestamp"),
};

export function parseYAML(buf: Buffer): ParsedYAML {
  const text = buf.toString("utf8");
  let docs;
  try {
    docs = parseAllDocuments(text, options);
  } catch (e) {
    return {
      ok: false,
      error: `error converting YAML to JSON: yaml: ${(e as Error).message.split("\n")[0]}`,
    };
  }
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) return { ok: true, value: null, duplicates: [] };
  const fatal = doc.errors[0];
  if (fatal) {
    const line = fatal.linePos?.[0]?.line;
    return {
      ok: false,
      error: `error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ""}${goYAMLMessage(fatal.code, fatal.message)}`,
    };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    const msg = (e as Error).message.split("\n")[0];
    // go-yaml's words for an alias bomb
    const text = msg.startsWith("Excessive alias count") ? "document contains excessive aliasing" : msg;
    return { ok: false, error: `error converting YAML to JSON: yaml: ${text}` };
  }
  const bad = findUnencodable(value);
  if (bad) return { ok: false, error: `error converting YAML to JSON: ${bad}` };
  return { ok: true, value: value ?? null, duplicates: duplicateKeys(doc.contents, text) };
}

/** go-yaml's wording for the common syntax errors; the JS parser's text otherwise. */
function goYAMLMessage(code: string, message: string): string {
  switch (code) {
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return "mapping values are not allowed in this context";
    case "MISSING_CHAR":
    case "BAD_INDENT":
      return "did not find expected key";
    case "TAB_AS_INDENT":
      return "found character that cannot start any token";
    default:
      return message.split(" at line ")[0].split("\n")[0];
  }
}

/**
 * What JSON cannot hold: a number that is not finite, or a cycle (an anchor whose value contains its own
 * alias). Iterative, with the current path tracked, so neither depth nor cycles can break it.
 */
function findUnencodable(v: unknown): string | undefined {
  const onPath = new Set<object>();
  const done = new Set<object>(); // shared (aliased) values are checked once
  const stack: { v: unknown; exit: boolean }[] = [{ v, exit: false }];
  while (stack.length) {
    const { v: x, exit } = stack.pop()!;
    if (exit) {
      onPath.delete(x as object);
      done.add(x as object);
      continue;
    }
    if (typeof x === "number" && !Number.isFinite(x))
      return `json: unsupported value: ${Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf"}`;
    if (!x || typeof x !== "object" || done.has(x)) continue;
    if (onPath.has(x)) return "yaml: anchor value contains itself";
    onPath.add(x);
    stack.push({ v: x, exit: true });
    for (const e of Object.values(x)) stack.push({ v: e, exit: false });
  }
  return undefined;
}

/** `line N: key "k" already set in map` for each repeated key, as go-yaml v2's UnmarshalStrict. */
function duplicateKeys(root: unknown, text: string): string[] {
  const out: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop() as { items?: unknown[] } | null;
    if (!n || typeof n !== "object" || !Array.isArray(n.items)) continue;
    const seen = new Set<string>();
    for (const item of n.items) {
      const pair = item as { key?: { value?: unknown; range?: number[] }; value?: unknown };
      if (pair && typeof pair === "object" && "key" in pair) {
        const k = pair.key && typeof pair.key === "object" ? pair.key.value : pair.key;
        if (k !== undefined && k !== null) {
          const ks = String(k);
          if (seen.has(ks)) {
            const offset = pair.key?.range?.[0] ?? 0;
            const line = text.slice(0, offset).split("\n").length;
            out.push(`line ${line}: key ${JSON.stringify(ks)} already set in map`);
          }
          seen.add(ks);
        }
        stack.push(pair.value);
      } else stack.push(item);
    }
  }
  return out;
}
