// Pod IPs from a node's podCIDR, as the CNI host-local IPAM hands them out: the first address is the
// bridge gateway, so pods get .2 upwards; an address is free again once its pod is gone.

/** An IPv4 "a.b.c.d/n" as (base, prefix); undefined for anything else (IPv6 pod CIDRs are not simulated). */
export function parseIPv4CIDR(cidr: string): { base: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const raw = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (raw & mask) >>> 0, bits };
}

export function ipv4String(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** The n-th address of a range (n = 1 is the first after the network address). */
export function ipv4Nth(cidr: string, n: number): string {
  const c = parseIPv4CIDR(cidr);
  if (!c) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - c.bits);
  if (n <= 0 || n >= size - 1) throw new Error(`address ${n} is outside ${cidr}`);
  return ipv4String(c.base + n);
}

/** Allocates pod IPs of one node's podCIDR. */
export class PodIPAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Set<number>();
  private next = 2;

  constructor(readonly cidr: string) {
    const c = parseIPv4CIDR(cidr);
    if (!c) throw new Error(`not an IPv4 CIDR: ${cidr}`);
    this.base = c.base;
    this.size = 2 ** (32 - c.bits);
  }

  /** Marks an address as taken (pods found running after a restart); false when it is not in the range. */
  reserve(ip: string): boolean {
    const off = this.offset(ip);
    if (off === undefined) return false;
    this.used.add(off);
    return true;
  }

  /** The next free address, round-robin so a released address is not reused at once; undefined when full. */
  allocate(): string | undefined {
    const usable = this.size - 3; // network, gateway (.1), broadcast
    if (usable <= 0 || this.used.size >= usable) return undefined;
    for (let i = 0; i < usable; i++) {
      const off = this.next;
      this.next = this.next + 1 >= this.size - 1 ? 2 : this.next + 1;
      if (!this.used.has(off)) {
        this.used.add(off);
        return ipv4String(this.base + off);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    const off = this.offset(ip);
    if (off !== undefined) this.used.delete(off);
  }

  get allocated(): number {
    return this.used.size;
  }

  private offset(ip: string): number | undefined {
    const c = parseIPv4CIDR(`${ip}/32`);
    if (!c) return undefined;
    const off = c.base - this.base;
    return off >= 2 && off < this.size - 1 ? off : undefined;
  }
}
