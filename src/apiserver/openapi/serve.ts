// HTTP semantics of the OpenAPI endpoints, as kube-openapi's handlers have them, without touching a
// socket: content negotiation on Accept, quoted ETags with If-None-Match → 304, and on
// /openapi/v3/<gv>?hash=… a 301 to the current hash or, when it matches, an immutable response.
import { gnosticContentType, type OpenApi } from "./index.js";

export interface OpenApiRequest {
  /** URL path, e.g. "/openapi/v3/apis/apps/v1". */
  path: string;
  query: URLSearchParams;
  accept?: string;
  ifNoneMatch?: string;
  /** For Expires on immutable responses; defaults to the current time. */
  now?: Date;
}

export interface OpenApiResponse {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

interface Offer {
  type: string;
  subtype: string;
  contentType: string;
  body: () => { bytes: Uint8Array; etag: string };
}

/** Answers /openapi/v2, /openapi/v3 and /openapi/v3/<gv>; undefined for any other path. */
export function serveOpenApi(api: OpenApi, req: OpenApiRequest): OpenApiResponse | undefined {
  if (req.path === "/openapi/v2") {
    const json = () => ({ bytes: api.v2Json().json, etag: api.v2Json().hash });
    const pb = () => ({ bytes: api.v2Protobuf(), etag: api.v2Json().hash });
    return negotiate(req, [
      { type: "application", subtype: "json", contentType: "application/json", body: json },
      {
        type: "application",
        subtype: "com.github.proto-openapi.spec.v2@v1.0+protobuf",
        contentType: gnosticContentType,
        body: pb,
      },
      {
        type: "application",
        subtype: "com.github.proto-openapi.spec.v2.v1.0+protobuf",
        contentType: gnosticContentType,
        body: pb,
      },
    ]);
  }
  if (req.path === "/openapi/v3") {
    const root = api.v3Root();
    return content(req, root.json, root.hash, "application/json", {});
  }
  const prefix = "/openapi/v3/";
  if (!req.path.startsWith(prefix)) return undefined;
  const gv = req.path.slice(prefix.length);
  const doc = api.v3Doc(gv);
  if (!doc)
    return {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: Buffer.from("404 page not found\n"),
    };
  const offers: Offer[] = [
    {
      type: "application",
      subtype: "json",
      contentType: "application/json",
      body: () => ({ bytes: doc.json, etag: doc.hash }),
    },
  ];
  const hash = req.query.get("hash");
  if (hash && hash !== doc.hash) {
    return {
      status: 301,
      headers: { Location: `/openapi/v3/${gv}?hash=${doc.hash}`, Vary: "Accept" },
    };
  }
  const extra: Record<string, string> = {};
  if (hash) {
    extra["Cache-Control"] = "public, immutable";
    const expires = new Date(req.now ?? new Date());
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    extra.Expires = expires.toUTCString();
  }
  return negotiate(req, offers, extra);
}

function negotiate(
  req: OpenApiRequest,
  offers: Offer[],
  extra: Record<string, string> = {},
): OpenApiResponse {
  for (const clause of parseAccept(req.accept || "*/*")) {
    for (const offer of offers) {
      if (clause.type !== "*" && clause.type !== offer.type) continue;
      if (clause.subtype !== "*" && clause.subtype !== offer.subtype) continue;
      const { bytes, etag } = offer.body();
      return content(req, bytes, etag, offer.contentType, { Vary: "Accept", ...extra });
    }
  }
  return { status: 406, headers: { Vary: "Accept" } };
}

function content(
  req: OpenApiRequest,
  body: Uint8Array,
  etag: string,
  contentType: string,
  extra: Record<string, string>,
): OpenApiResponse {
  const quoted = `"${etag}"`;
  const headers = { "Content-Type": contentType, Etag: quoted, ...extra };
  if (req.ifNoneMatch && req.ifNoneMatch.split(",").some((t) => t.trim() === quoted || t.trim() === "*")) {
    return { status: 304, headers };
  }
  return { status: 200, headers, body };
}

/** Accept clauses ordered by q (stable), as goautoneg.ParseAccept returns them; q=0 is refused. */
function parseAccept(accept: string): { type: string; subtype: string }[] {
  const clauses: { type: string; subtype: string; q: number; i: number }[] = [];
  accept.split(",").forEach((part, i) => {
    const [range, ...params] = part.trim().split(";");
    const [type, subtype] = range.trim().split("/");
    if (!type || !subtype) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split("=");
      if (k === "q") q = Number(v);
    }
    if (q > 0) clauses.push({ type, subtype, q, i });
  });
  return clauses.sort((a, b) => b.q - a.q || a.i - b.i);
}
