// Reading request bodies with upstream's limit (3 MiB, --max-request-bytes' default for resources).
import type { IncomingMessage } from "node:http";
import { requestEntityTooLarge } from "../errors.js";

export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** Bodies kept for the audit log (requests audited at Request level or above only). */
const recorded = new WeakMap<IncomingMessage, Buffer | undefined>();
export const recordRequestBody = (req: IncomingMessage) => void recorded.set(req, undefined);
export const recordedRequestBody = (req: IncomingMessage) => recorded.get(req);

/** Reads the whole body; over the limit → 413 (the rest of the body is drained, not buffered). */
export function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(requestEntityTooLarge(`limit is ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(requestEntityTooLarge(`limit is ${limit}`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (over) return;
      const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      if (recorded.has(req)) recorded.set(req, body);
      resolve(body);
    });
    req.on("error", (e) => {
      if (!over) reject(e);
    });
    req.on("aborted", () => {
      if (!over) reject(new Error("request aborted"));
    });
  });
}
