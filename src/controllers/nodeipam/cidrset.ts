// The cluster CIDR cut into per-node blocks (pkg/controller/nodeipam/ipam/cidrset): allocation walks forward
// from the last block handed out and wraps around, so a released block is not reused at once.

export const errNoCIDRsRemaining =
  "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range";

function parse(cidr: string): { base: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m) return undefined;
  const o = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (o.some((x) => x > 255) || bits > 32) return undefined;
  const raw = ((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (raw & mask) >>> 0, bits };
}

const ipString = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

export class CidrSet {
  private readonly base: number;
  private readonly clusterBits: number;
  private readonly maxCIDRs: number;
  private readonly used: Uint8Array;
  private allocated = 0;
  private nextCandidate = 0;

  constructor(
    readonly clusterCIDR: string,
    readonly nodeMaskSize: number,
  ) {
    const c = parse(clusterCIDR);
    if (!c) throw new Error(`invalid cluster CIDR ${JSON.stringify(clusterCIDR)} (only IPv4 is allocated)`);
    if (nodeMaskSize < c.bits || nodeMaskSize > 30)
      throw new Error(`node CIDR mask size ${nodeMaskSize} does not fit cluster CIDR ${clusterCIDR}`);
    this.base = c.base;
    this.clusterBits = c.bits;
    this.maxCIDRs = 2 ** (nodeMaskSize - c.bits);
    this.used = new Uint8Array(this.maxCIDRs);
  }

  private cidrAt(i: number): string {
    return `${ipString(this.base + i * 2 ** (32 - this.nodeMaskSize))}/${this.nodeMaskSize}`;
  }

  /** The next free block, or an error when the range is exhausted. */
  allocateNext(): { cidr: string } | { error: string } {
    if (this.allocated >= this.maxCIDRs) return { error: errNoCIDRsRemaining };
    for (let k = 0; k < this.maxCIDRs; k++) {
      const i = (this.nextCandidate + k) % this.maxCIDRs;
      if (!this.used[i]) {
        this.used[i] = 1;
        this.allocated++;
        this.nextCandidate = (i + 1) % this.maxCIDRs;
        return { cidr: this.cidrAt(i) };
      }
    }
    return { error: errNoCIDRsRemaining };
  }

  /** The block indices a CIDR covers, or an error when it lies outside the cluster CIDR. */
  private span(cidr: string): { from: number; to: number } | { error: string } {
    const c = parse(cidr);
    if (!c) return { error: `invalid CIDR ${JSON.stringify(cidr)}` };
    const blockSize = 2 ** (32 - this.nodeMaskSize);
    const clusterSize = 2 ** (32 - this.clusterBits);
    if (c.bits < this.clusterBits || c.base < this.base || c.base >= this.base + clusterSize)
      return { error: `cidr ${cidr} is out the range of cluster cidr ${this.clusterCIDR}` };
    const from = Math.floor((c.base - this.base) / blockSize);
    const size = c.bits >= this.nodeMaskSize ? 1 : 2 ** (this.nodeMaskSize - c.bits);
    return { from, to: Math.min(this.maxCIDRs, from + size) };
  }

  /** Marks an existing node's CIDR as taken (at start-up, or a node that came with one). */
  occupy(cidr: string): { error: string } | undefined {
    const s = this.span(cidr);
    if ("error" in s) return s;
    for (let i = s.from; i < s.to; i++)
      if (!this.used[i]) {
        this.used[i] = 1;
        this.allocated++;
      }
    return undefined;
  }

  release(cidr: string): { error: string } | undefined {
    const s = this.span(cidr);
    if ("error" in s) return s;
    for (let i = s.from; i < s.to; i++)
      if (this.used[i]) {
        this.used[i] = 0;
        this.allocated--;
      }
    return undefined;
  }

  get free(): number {
    return this.maxCIDRs - this.allocated;
  }
}
