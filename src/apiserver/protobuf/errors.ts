// A body that cannot be decoded. Thrown inside the decoder, returned as a value by decodeKubeProtobuf.
export class WireError extends Error {
  override name = "WireError";
}

/** What the API server turns into a 400 BadRequest Status (upstream wraps the decoder's error the same way). */
export interface ProtobufDecodeError {
  code: 400;
  reason: "BadRequest";
  message: string;
}

/** Maps anything the reader threw to upstream's wording: gogo-protobuf reports a short buffer as "unexpected EOF". */
export function decodeError(e: unknown): ProtobufDecodeError {
  let message: string;
  if (e instanceof RangeError) message = "unexpected EOF";
  else if (e instanceof Error) message = e.message;
  else message = String(e);
  return { code: 400, reason: "BadRequest", message };
}
