import { test } from "node:test";
import assert from "node:assert/strict";
import * as dnsPacket from "dns-packet";
import { compressMessage } from "./compress.js";

const packet: dnsPacket.Packet = {
  type: "response",
  id: 7,
  flags: dnsPacket.AUTHORITATIVE_ANSWER,
  questions: [{ type: "SRV", name: "_http._tcp.web.default.svc.cluster.local", class: "IN" }],
  answers: [1, 2, 3].map((n) => ({
    type: "SRV" as const,
    name: "_http._tcp.web.default.svc.cluster.local",
    ttl: 5,
    data: { priority: 0, weight: 33, port: 80, target: `10-42-0-${n}.web.default.svc.cluster.local` },
  })),
  authorities: [
    {
      type: "SOA",
      name: "cluster.local",
      ttl: 5,
      data: {
        mname: "ns.dns.cluster.local",
        rname: "hostmaster.cluster.local",
        serial: 1,
        refresh: 7200,
        retry: 1800,
        expire: 86400,
        minimum: 5,
      },
    },
  ],
  additionals: [1, 2, 3].map((n) => ({
    type: "A" as const,
    name: `10-42-0-${n}.web.default.svc.cluster.local`,
    ttl: 5,
    data: `10.42.0.${n}`,
  })),
};

test("compressed messages decode to the same records and are much smaller", () => {
  const plain = dnsPacket.encode(packet);
  const small = compressMessage(plain);
  assert.ok(small.length < plain.length * 0.6, `${small.length} vs ${plain.length}`);
  const a = dnsPacket.decode(plain);
  const b = dnsPacket.decode(small);
  for (const k of ["questions", "answers", "authorities", "additionals"] as const)
    assert.deepEqual(b[k], a[k], k);
});

test("SRV targets are written in full (RFC 2782); owner names point back", () => {
  const small = compressMessage(dnsPacket.encode(packet));
  // each target appears uncompressed: its first label is in the bytes
  for (const n of [1, 2, 3]) assert.ok(small.includes(Buffer.from(`\x0910-42-0-${n}\x03web`, "latin1")));
  // the question's name is written once
  assert.equal(small.toString("latin1").split("_http").length - 1, 1);
});
