// A sandbox's namespaces, pinned to files with no process holding them (a pause container would cost a runc
// run per pod): the network namespace under /run/netns (where `ip netns` and the CNI plugins find it), the
// IPC and UTS ones under a directory of the runtime's. One unshare(2) makes them all (in a child of the fork
// server, hostcalls.ts), which bind-mounts each onto its file and sets the pod's hostname; the files are made
// here first, as `ip netns add` makes its file.
import { rm, writeFile } from "node:fs/promises";
import { command } from "./command.js";
import { mountedOf } from "./mounts.js";
import { unmount, unshareOnto } from "../spawner/hostcalls.js";

export interface SandboxPins {
  /** The network namespace's file (under /run/netns), "" for the host's network. */
  net: string;
  /** The IPC and UTS namespaces' files, "" for the host's. */
  ipc: string;
  uts: string;
}

/** Makes the namespaces; "" on success, else why, with whatever it made undone (a file it could not create
 * exclusively is someone else's and stays). */
export async function pinNamespaces(
  pins: SandboxPins,
  hostname: string,
  loopbackUp: boolean,
): Promise<string> {
  const made: string[] = [];
  const failed = async (message: string): Promise<string> => {
    const undone = await unpinFiles(made, "");
    return undone ? `${message} (${undone})` : message;
  };
  if (pins.net) {
    try {
      // O_EXCL as ip netns add: a name in use is an error, not a namespace to share
      await writeFile(pins.net, "", { flag: "wx", mode: 0 });
      made.push(pins.net);
    } catch (err) {
      return failed(
        `creating network namespace: Cannot create namespace file "${pins.net}": ${(err as Error).message}`,
      );
    }
  }
  try {
    for (const f of [pins.ipc, pins.uts]) {
      if (!f) continue;
      await writeFile(f, "", { flag: "wx", mode: 0o444 });
      made.push(f);
    }
  } catch (err) {
    return failed(`creating the IPC and UTS namespaces: ${(err as Error).message}`);
  }
  if (!pins.net && !pins.ipc && !pins.uts) return "";
  // Without a pod network nothing else brings loopback up (CNI's loopback plugin does otherwise): ip(8)
  // inside. Else the fork server's child makes them, with no process started for it.
  const r =
    loopbackUp && pins.net
      ? await command("unshare", [
          `--net=${pins.net}`,
          ...(pins.ipc ? [`--ipc=${pins.ipc}`] : []),
          ...(pins.uts ? [`--uts=${pins.uts}`] : []),
          "sh",
          "-c",
          '[ -z "$1" ] || hostname "$1" || exit 103; ip link set lo up || exit 102',
          "k8ts-sandbox",
          pins.uts ? hostname : "",
        ])
      : await unshareOnto(pins, pins.uts ? hostname : "");
  if (r.code === 0) return "";
  const msg = r.stderr.trim();
  if (r.code === 102) return failed(`loopback: ${msg}`);
  // unshare names the file it could not bind-mount the namespace on
  if (pins.net && msg.includes(pins.net)) return failed(`creating network namespace: ${msg}`);
  if (
    !pins.net ||
    r.code === 103 ||
    msg.startsWith("hostname") ||
    (pins.ipc && msg.includes(pins.ipc)) ||
    (pins.uts && msg.includes(pins.uts))
  )
    return failed(`creating the IPC and UTS namespaces: ${msg}`);
  // unshare(2) itself failed: the namespaces are made by one call, which one is not told
  return failed(`creating the network, IPC and UTS namespaces: ${msg}`);
}

/** Unmounts the pins (one umount for all; lazily, as `ip netns delete` does) and removes their files.
 * "" when done, else which one is still mounted and why. */
export function unpinNamespaces(pins: SandboxPins): Promise<string> {
  return unpinFiles([pins.net, pins.ipc, pins.uts], pins.net);
}

async function unpinFiles(paths: string[], netns: string): Promise<string> {
  const files = paths.filter((f) => f !== "");
  const mounted = mountedOf(files);
  if (mounted.length > 0) {
    const um = await unmount(mounted, true);
    if (um !== "") {
      const left = mountedOf(mounted);
      if (left.length > 0) {
        const which =
          netns && left.includes(netns) ? `deleting network namespace ${netns}` : `unpinning ${left[0]}`;
        return `${which}: ${um}`;
      }
    }
  }
  await Promise.all(files.map((f) => rm(f, { force: true })));
  return "";
}
