// DNS name compression (RFC 1035 4.1.4) for the messages dns-packet encodes, which never compresses: each
// name that repeats a suffix already written becomes a pointer to it. CoreDNS's answers are compressed, so
// without this ours would be two to three times larger and SRV answers of a few endpoints would no longer fit
// a 512-byte UDP reply. Names inside rdata are compressed only where RFC 3597 allows it (NS, CNAME, SOA, PTR,
// MX); an SRV target is written in full (RFC 2782) but later names may point into it.

const TYPE = { NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, SRV: 33 } as const;

export function compressMessage(msg: Buffer): Buffer {
  const out = Buffer.alloc(msg.length);
  let o = 0;
  let i = 0;
  const suffixes = new Map<string, number>();

  const copy = (n: number) => {
    msg.copy(out, o, i, i + n);
    o += n;
    i += n;
  };
  /** The labels of the name at `i` (following pointers, should the input hold any), moving past it. */
  const readName = (): Buffer[] => {
    const labels: Buffer[] = [];
    let p = i;
    let jumped = false;
    for (let hops = 0; hops < 128; hops++) {
      const len = msg[p];
      if (len === undefined) throw new Error("truncated name");
      if ((len & 0xc0) === 0xc0) {
        if (!jumped) i = p + 2;
        jumped = true;
        p = ((len & 0x3f) << 8) | msg[p + 1];
        continue;
      }
      p++;
      if (len === 0) break;
      labels.push(msg.subarray(p, p + len));
      p += len;
    }
    if (!jumped) i = p;
    return labels;
  };
  const writeName = (labels: Buffer[], compress: boolean) => {
    for (let j = 0; j < labels.length; j++) {
      const key = labels
        .slice(j)
        .map((l) => l.toString("latin1").toLowerCase())
        .join(".");
      const at = suffixes.get(key);
      if (compress && at !== undefined) {
        out.writeUInt16BE(0xc000 | at, o);
        o += 2;
        return;
      }
      if (o < 0x3fff && at === undefined) suffixes.set(key, o);
      out[o++] = labels[j].length;
      labels[j].copy(out, o);
      o += labels[j].length;
    }
    out[o++] = 0;
  };

  copy(12);
  const counts = [4, 6, 8, 10].map((p) => msg.readUInt16BE(p));
  for (let q = 0; q < counts[0]; q++) {
    writeName(readName(), true);
    copy(4);
  }
  const records = counts[1] + counts[2] + counts[3];
  for (let r = 0; r < records; r++) {
    writeName(readName(), true);
    const type = msg.readUInt16BE(i);
    copy(8); // type, class, ttl
    const rdlength = msg.readUInt16BE(i);
    i += 2;
    const rdataEnd = i + rdlength;
    const lengthAt = o;
    o += 2;
    const start = o;
    switch (type) {
      case TYPE.NS:
      case TYPE.CNAME:
      case TYPE.PTR:
        writeName(readName(), true);
        break;
      case TYPE.MX:
        copy(2);
        writeName(readName(), true);
        break;
      case TYPE.SOA:
        writeName(readName(), true);
        writeName(readName(), true);
        copy(20);
        break;
      case TYPE.SRV:
        copy(6);
        writeName(readName(), false);
        break;
      default:
        copy(rdlength);
    }
    i = rdataEnd;
    out.writeUInt16BE(o - start, lengthAt);
  }
  return out.subarray(0, o);
}
