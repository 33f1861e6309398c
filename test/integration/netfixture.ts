// A bridge of the test's own with addresses from an unused 10.2xx.N.0/24, so backends in the test process
// can listen on addresses an EndpointSlice may hold (the API rejects loopback endpoint addresses). The
// addresses are the node's own, so traffic never leaves the machine. Unique names; removed afterwards.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TestBridge {
  name: string;
  /** Host addresses on the bridge: base.2, base.3, ... */
  addresses: string[];
  remove(): Promise<void>;
}

export async function whySkipNet(): Promise<string | false> {
  if (process.platform !== "linux" || process.getuid?.() !== 0) return "needs root on Linux (a test bridge)";
  const ok = await run("sh", ["-c", "command -v ip"]).then(
    () => true,
    () => false,
  );
  return ok ? false : "the ip tool is missing (apt-get install iproute2)";
}

export async function createTestBridge(count: number): Promise<TestBridge> {
  const { stdout } = await run("ip", ["-4", "-o", "addr"]);
  const used = new Set([...stdout.matchAll(/inet (\d+\.\d+\.\d+)\./g)].map((m) => m[1]));
  let base = "";
  for (let i = 0; i < 50 && !base; i++) {
    const b = randomBytes(2);
    const cand = `10.${200 + (b[0] % 50)}.${b[1]}`;
    if (!used.has(cand)) base = cand;
  }
  const name = `k8ts-t${randomBytes(4).toString("hex")}`;
  await run("ip", ["link", "add", name, "type", "bridge"]);
  const addresses = Array.from({ length: count }, (_, i) => `${base}.${i + 2}`);
  try {
    for (const a of addresses) await run("ip", ["addr", "add", `${a}/24`, "dev", name]);
    await run("ip", ["link", "set", name, "up"]);
  } catch (e) {
    await run("ip", ["link", "del", name]).catch(() => {});
    throw e;
  }
  return {
    name,
    addresses,
    remove: async () => {
      await run("ip", ["link", "del", name]).catch(() => {});
    },
  };
}
