// Writing responses: objects and lists in the negotiated format, errors as Status, and the Warning
// headers kubectl prints. JSON is written as Go's encoder writes it (a trailing newline; two-space indent
// when pretty). Lists are assembled from each item's cached JSON instead of re-serializing.
import type { ServerResponse } from "node:http";
import { stringify as yamlStringify } from "yaml";
import type { OutputMediaType } from "../request/negotiate.js";
import type { Status, StatusError } from "../errors.js";

/** `299 - "text"` per warning, as upstream's warning recorder formats them (deduplicated). */
export function warningHeaders(warnings: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const w of warnings) {
    if (!w || seen.has(w)) continue;
    seen.add(w);
    out.push(`299 - ${JSON.stringify(w.replace(/[\r\n]+/g, " "))}`);
  }
  return out;
}

export function encode(value: unknown, out: Pick<OutputMediaType, "format" | "pretty">): string {
  if (out.format === "yaml") return yamlStringify(value, { lineWidth: 0, sortMapEntries: true });
  return out.pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value) + "\n";
}

/** Re-indents compact JSON text for pretty output (cheap enough for the pretty path only). */
function prettyText(json: string): string {
  return JSON.stringify(JSON.parse(json), null, 2);
}

/** Writes pre-encoded JSON text (without newline) in the negotiated format. */
export function writeJSONText(
  res: ServerResponse,
  code: number,
  json: string,
  out: Pick<OutputMediaType, "format" | "pretty" | "contentType">,
  warnings: string[] = [],
): void {
  let body: string;
  if (out.format === "yaml") body = yamlStringify(JSON.parse(json), { lineWidth: 0, sortMapEntries: true });
  else body = out.pretty ? prettyText(json) : json + "\n";
  send(res, code, body, out.format === "yaml" ? "application/yaml" : "application/json", warnings);
}

export function writeValue(
  res: ServerResponse,
  code: number,
  value: unknown,
  out: Pick<OutputMediaType, "format" | "pretty">,
  warnings: string[] = [],
): void {
  send(
    res,
    code,
    encode(value, out),
    out.format === "yaml" ? "application/yaml" : "application/json",
    warnings,
  );
}

function send(
  res: ServerResponse,
  code: number,
  body: string,
  contentType: string,
  warnings: string[],
): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | string[] | number> = {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-cache, private",
  };
  const w = warningHeaders(warnings);
  if (w.length) headers.Warning = w;
  res.writeHead(code, headers);
  res.end(body);
}

/** An error as upstream's ErrorNegotiated writes it (JSON unless YAML was negotiated). */
export function writeStatusError(
  res: ServerResponse,
  err: StatusError,
  out: Pick<OutputMediaType, "format" | "pretty"> = { format: "json", pretty: false },
  warnings: string[] = [],
): void {
  writeStatus(res, err.status, out, warnings);
}

export function writeStatus(
  res: ServerResponse,
  status: Status,
  out: Pick<OutputMediaType, "format" | "pretty"> = { format: "json", pretty: false },
  warnings: string[] = [],
): void {
  writeValue(res, status.code || 500, status, out, warnings);
}

export function writeText(
  res: ServerResponse,
  code: number,
  body: string,
  contentType = "text/plain; charset=utf-8",
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(code, {
    "Content-Type": contentType,
    "Content-Length": Buffer.byteLength(body),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache, private",
  });
  res.end(body);
}
