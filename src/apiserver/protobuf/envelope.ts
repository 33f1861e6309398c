// The Kubernetes protobuf envelope (apimachinery pkg/runtime/serializer/protobuf): the 4-byte prefix
// "k8s\x00" followed by a runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2,
// contentEncoding = 3, contentType = 4}; `raw` is the object's own message.
import pb from "protobufjs/minimal.js";
import { WireError } from "./errors.js";

/** "k8s\x00" */
export const protobufPrefix = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function hasProtobufPrefix(body: Uint8Array): boolean {
  return body.length >= 4 && protobufPrefix.every((b, i) => body[i] === b);
}

/** Reads the envelope; throws WireError (wrong prefix) or the reader's RangeError (truncated). */
export function readEnvelope(body: Uint8Array): Envelope {
  if (!hasProtobufPrefix(body)) {
    throw new WireError(
      `provided data does not appear to be a protobuf message, expected prefix [${protobufPrefix.join(" ")}]`,
    );
  }
  const env: Envelope = {
    apiVersion: "",
    kind: "",
    raw: new Uint8Array(0),
    contentEncoding: "",
    contentType: "",
  };
  const r = pb.Reader.create(body.subarray(4));
  while (r.pos < r.len) {
    const tag = r.uint32();
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1: {
        expectLengthDelimited(wireType, "TypeMeta");
        const t = pb.Reader.create(r.bytes());
        while (t.pos < t.len) {
          const ttag = t.uint32();
          if (ttag === (1 << 3) + 2) env.apiVersion = t.string();
          else if (ttag === (2 << 3) + 2) env.kind = t.string();
          else t.skipType(ttag & 7);
        }
        break;
      }
      case 2:
        expectLengthDelimited(wireType, "Raw");
        env.raw = r.bytes();
        break;
      case 3:
        expectLengthDelimited(wireType, "ContentEncoding");
        env.contentEncoding = r.string();
        break;
      case 4:
        expectLengthDelimited(wireType, "ContentType");
        env.contentType = r.string();
        break;
      default:
        r.skipType(wireType);
    }
  }
  return env;
}

function expectLengthDelimited(wireType: number, field: string): void {
  if (wireType !== 2) throw new WireError(`proto: wrong wireType = ${wireType} for field ${field}`);
}

export function writeEnvelope(apiVersion: string, kind: string, raw: Uint8Array): Uint8Array {
  const w = pb.Writer.create();
  w.uint32((1 << 3) | 2).fork();
  w.uint32((1 << 3) | 2).string(apiVersion);
  w.uint32((2 << 3) | 2).string(kind);
  w.ldelim();
  w.uint32((2 << 3) | 2).bytes(raw);
  w.uint32((3 << 3) | 2).string("");
  w.uint32((4 << 3) | 2).string("");
  const unknown = w.finish();
  const out = new Uint8Array(4 + unknown.length);
  out.set(protobufPrefix, 0);
  out.set(unknown, 4);
  return out;
}
