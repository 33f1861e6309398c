// fsGroup ownership, as upstream's volume.SetVolumeOwnership: every file and directory of the volume gets
// the pod's fsGroup as its group and group access (rw for writable volumes, r for read-only ones, x and
// setgid on directories); symlinks only change group (a chmod would go to their target).
import { chmodSync, lchownSync, lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../../client/log.js";

const rwMask = 0o660;
const roMask = 0o440;
const execMask = 0o110;
const setgid = 0o2000;

export function setVolumeOwnership(dir: string, fsGroup: number, readOnly: boolean, log: Logger): void {
  const visit = (p: string) => {
    const st = lstatSync(p);
    try {
      lchownSync(p, -1, fsGroup);
    } catch (e) {
      log.warn({ path: p, err: (e as Error).message }, "Lchown failed");
    }
    if (st.isSymbolicLink()) return;
    let mask = readOnly ? roMask : rwMask;
    if (st.isDirectory()) mask |= setgid | execMask;
    chmodSync(p, (st.mode & 0o7777) | mask);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
  };
  visit(dir);
}
