// Content negotiation as upstream's handlers/negotiation: which format a response is written in (Accept,
// including the `as=Table;g=meta.k8s.io;v=v1` conversions), and which decoder a body needs (Content-Type).
import type { IncomingMessage } from "node:http";
import { notAcceptable, unsupportedMediaType } from "../errors.js";
import { parseBool } from "./info.js";

export interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

/** Parses an Accept header and orders it as goautoneg does (q, then specificity; stable otherwise). */
export function parseAccept(header: string): MediaRange[] {
  const out: MediaRange[] = [];
  for (const clause of header.split(",")) {
    const parts = clause.split(";").map((p) => p.trim());
    const full = parts[0];
    if (!full) continue;
    const slash = full.indexOf("/");
    const type = slash < 0 ? full : full.slice(0, slash);
    const subtype = slash < 0 ? "*" : full.slice(slash + 1);
    const params: Record<string, string> = {};
    let q = 1;
    for (const p of parts.slice(1)) {
      const eq = p.indexOf("=");
      if (eq < 0) continue;
      const k = p.slice(0, eq).trim();
      const v = p.slice(eq + 1).trim();
      if (k === "q") q = Number.parseFloat(v) || 0;
      else params[k] = v;
    }
    out.push({ type, subtype, params, q });
  }
  const rank = (m: MediaRange) => (m.type !== "*" ? 2 : 0) + (m.subtype !== "*" ? 1 : 0);
  return out
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.q - a.m.q || rank(b.m) - rank(a.m) || a.i - b.i)
    .map((x) => x.m);
}

export type OutputFormat = "json" | "yaml";

/** What a response should be converted into before encoding. */
export type Conversion = "Table" | "PartialObjectMetadata" | "PartialObjectMetadataList";

export interface OutputMediaType {
  format: OutputFormat;
  contentType: string;
  convert?: Conversion;
  /** meta.k8s.io version of the conversion target ("v1" or "v1beta1"). */
  convertVersion?: string;
  pretty: boolean;
}

export const acceptedOutputTypes = ["application/json", "application/yaml"];

const serializers: {
  type: string;
  subtype: string;
  format: OutputFormat;
  contentType: string;
  stream: boolean;
}[] = [
  { type: "application", subtype: "json", format: "json", contentType: "application/json", stream: true },
  { type: "application", subtype: "yaml", format: "yaml", contentType: "application/yaml", stream: false },
];

export interface EndpointRestrictions {
  /** Table and PartialObjectMetadata conversions are allowed (resource endpoints). */
  allowConversion: boolean;
  /** A watch: only stream-capable serializers. */
  stream: boolean;
}

/** upstream isPrettyPrint: ?pretty=true, or a browser/curl/wget user agent. */
export function isPrettyPrint(req: IncomingMessage, query: URLSearchParams): boolean {
  const pp = query.get("pretty");
  if (pp) return parseBool(pp) ?? false;
  const ua = req.headers["user-agent"] ?? "";
  return ua.startsWith("curl") || ua.startsWith("Wget") || ua.startsWith("Mozilla/5.0");
}

/** Picks the response format or throws 406. */
export function negotiateOutput(
  req: IncomingMessage,
  query: URLSearchParams,
  restrictions: EndpointRestrictions,
): OutputMediaType {
  const pretty = isPrettyPrint(req, query);
  const header = req.headers.accept ?? "";
  const candidates = serializers.filter((s) => !restrictions.stream || s.stream);
  if (header.trim() === "") return { format: "json", contentType: "application/json", pretty };
  for (const range of parseAccept(header)) {
    for (const s of candidates) {
      if (range.type !== "*" && range.type !== s.type) continue;
      if (range.subtype !== "*" && range.subtype !== s.subtype) continue;
      const chosen = acceptOptions(range, s, restrictions, pretty);
      if (chosen) return chosen;
    }
  }
  throw notAcceptable(candidates.map((s) => s.contentType));
}

function acceptOptions(
  range: MediaRange,
  s: (typeof serializers)[number],
  restrictions: EndpointRestrictions,
  pretty: boolean,
): OutputMediaType | undefined {
  let as: string | undefined;
  let g: string | undefined;
  let v: string | undefined;
  for (const [k, val] of Object.entries(range.params)) {
    switch (k) {
      case "as":
        as = val;
        break;
      case "g":
        g = val;
        break;
      case "v":
        v = val;
        break;
      case "stream":
        if (val && (!restrictions.stream || val !== "watch")) return undefined;
        break;
      case "pretty":
        pretty = val === "1";
        break;
    }
  }
  const out: OutputMediaType = { format: s.format, contentType: s.contentType, pretty };
  if (as === undefined && g === undefined && v === undefined) return out;
  // A conversion is only possible into meta.k8s.io/v1 or v1beta1, on resource endpoints.
  if (!restrictions.allowConversion || g !== "meta.k8s.io" || (v !== "v1" && v !== "v1beta1"))
    return undefined;
  if (as === "Table") {
    out.convert = "Table";
  } else if (as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") {
    out.convert = as;
  } else return undefined;
  out.convertVersion = v;
  return out;
}

/** Body formats by Content-Type, as upstream's serializers (missing = JSON). */
export const acceptedInputTypes = [
  "application/json",
  "application/yaml",
  "application/vnd.kubernetes.protobuf",
];

export type InputFormat = "json" | "yaml" | "protobuf";

/** The media type of a Content-Type header, lower-cased, or undefined when malformed (mime.ParseMediaType). */
export function mediaTypeOf(header: string): string | undefined {
  const base = header.split(";")[0].trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(base)) return undefined;
  return base;
}

export function negotiateInput(req: IncomingMessage): InputFormat {
  const header = req.headers["content-type"];
  if (header === undefined || header === "") return "json";
  switch (mediaTypeOf(header)) {
    case "application/json":
      return "json";
    case "application/yaml":
      return "yaml";
    case "application/vnd.kubernetes.protobuf":
      return "protobuf";
    default:
      throw unsupportedMediaType(acceptedInputTypes);
  }
}
