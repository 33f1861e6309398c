// What the kubelet learns about its machine (cadvisor's MachineInfo, in small): CPUs, memory, the
// filesystem under the kubelet's root, and the identity files nodeInfo reports.
import { promises as fs } from "node:fs";
import os from "node:os";

export interface MachineInfo {
  cpus: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  machineID: string;
  systemUUID: string;
  bootID: string;
  kernelVersion: string;
  osImage: string;
  architecture: string;
}

const read = (p: string) =>
  fs.readFile(p, "utf8").then(
    (s) => s.trim(),
    () => "",
  );

/** MemTotal from /proc/meminfo (os.totalmem() elsewhere). */
async function memoryBytes(): Promise<number> {
  const m = /^MemTotal:\s+(\d+) kB/m.exec(await read("/proc/meminfo"));
  return m ? Number(m[1]) * 1024 : os.totalmem();
}

async function osImage(): Promise<string> {
  const m = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(await read("/etc/os-release"));
  return m?.[1] ?? `${os.type()} ${os.release()}`;
}

const goArch: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ia32: "386",
  ppc64: "ppc64le",
  s390x: "s390x",
};

export async function machineInfo(rootDir: string): Promise<MachineInfo> {
  const st = await fs.statfs(rootDir).catch(() => undefined);
  return {
    cpus: os.availableParallelism(),
    memoryBytes: await memoryBytes(),
    ephemeralStorageBytes: st ? st.blocks * st.bsize : 0,
    machineID: (await read("/etc/machine-id")) || (await read("/var/lib/dbus/machine-id")),
    systemUUID: (await read("/sys/class/dmi/id/product_uuid")).toLowerCase(),
    bootID: await read("/proc/sys/kernel/random/boot_id"),
    kernelVersion: os.release(),
    osImage: await osImage(),
    architecture: goArch[os.arch()] ?? os.arch(),
  };
}
