// A sandbox's namespaces, pinned to files with no process holding them (a pause container would cost a runc
// run per pod): the network namespace under /run/netns (where `ip netns` and the CNI plugins find it), the
// IPC and UTS ones under a directory of the runtime's. One `unshare` makes them all, bind-mounts each onto
// its file and sets the pod's hostname; the files are made here first, as `ip netns add` makes its file.
import { rm, writeFile } from "node:fs/promises";
import { command } from "./command.js";
import { mountedOf } from "./mounts.js";

export interface SandboxPins {
  /** The network namespace's file (under /run/netns), "" for the host's network. */
  net: string;
  /** The IPC and UTS namespaces' files, "" for the host's. */
  ipc: string;
  uts: string;
}

/** Makes the namespaces; "" on success, else why (the caller removes the pins with unpinNamespaces). */
export async function pinNamespaces(
  pins: SandboxPins,
  hostname: string,
  loopbackUp: boolean,
): Promise<string> {
  if (pins.net) {
    try {
      // O_EXCL as ip netns add: a name in use is an error, not a namespace to share
      await writeFile(pins.net, "", { flag: "wx", mode: 0 });
    } catch (err) {
      return `creating network namespace: Cannot create namespace file "${pins.net}": ${(err as Error).message}`;
    }
  }
  try {
    for (const f of [pins.ipc, pins.uts]) if (f) await writeFile(f, "", { flag: "wx", mode: 0o444 });
  } catch (err) {
    return `creating the IPC and UTS namespaces: ${(err as Error).message}`;
  }
  const flags = [
    ...(pins.net ? [`--net=${pins.net}`] : []),
    ...(pins.ipc ? [`--ipc=${pins.ipc}`] : []),
    ...(pins.uts ? [`--uts=${pins.uts}`] : []),
  ];
  if (flags.length === 0) return "";
  // Without a pod network nothing else brings loopback up (CNI's loopback plugin does otherwise).
  const program =
    loopbackUp && pins.net
      ? [
          "sh",
          "-c",
          '[ -z "$1" ] || hostname "$1" || exit 103; ip link set lo up || exit 102',
          "k8ts-sandbox",
          pins.uts ? hostname : "",
        ]
      : pins.uts
        ? ["hostname", hostname]
        : ["true"];
  const r = await command("unshare", [...flags, ...program]);
  if (r.code === 0) return "";
  const msg = r.stderr.trim();
  if (r.code === 102) return `loopback: ${msg}`;
  // unshare names the file it could not bind-mount the namespace on
  if (pins.net && msg.includes(pins.net)) return `creating network namespace: ${msg}`;
  if (
    !pins.net ||
    r.code === 103 ||
    msg.startsWith("hostname") ||
    (pins.ipc && msg.includes(pins.ipc)) ||
    (pins.uts && msg.includes(pins.uts))
  )
    return `creating the IPC and UTS namespaces: ${msg}`;
  // unshare(2) itself failed: the namespaces are made by one call, which one is not told
  return `creating the network, IPC and UTS namespaces: ${msg}`;
}

/** Unmounts the pins (one umount for all; lazily, as `ip netns delete` does) and removes their files.
 * "" when done, else which one is still mounted and why. */
export async function unpinNamespaces(pins: SandboxPins): Promise<string> {
  const files = [pins.net, pins.ipc, pins.uts].filter((f) => f !== "");
  const mounted = mountedOf(files);
  if (mounted.length > 0) {
    const um = await command("umount", ["-l", ...mounted]);
    if (um.code !== 0) {
      const left = mountedOf(mounted);
      if (left.length > 0) {
        const which = left.includes(pins.net)
          ? `deleting network namespace ${pins.net}`
          : `unpinning ${left[0]}`;
        return `${which}: ${um.stderr.trim()}`;
      }
    }
  }
  await Promise.all(files.map((f) => rm(f, { force: true })));
  return "";
}
