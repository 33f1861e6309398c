// Resolves an image's User ("name", "uid", "name:group", "uid:gid") against the image's /etc/passwd and
// /etc/group, as the CRI runtimes do when the pod does not set runAsUser.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ResolvedUser {
  uid: number;
  gid: number;
}

/** Reads a file from the topmost layer that has it. */
function readFromLayers(lowerDirs: string[], path: string): string {
  for (const dir of [...lowerDirs].reverse()) {
    try {
      return readFileSync(join(dir, path), "utf8");
    } catch {
      // not in this layer
    }
  }
  return "";
}

export function resolveImageUser(
  user: string | undefined,
  lowerDirs: string[],
): ResolvedUser | { error: string } {
  if (!user) return { uid: 0, gid: 0 };
  const [u = "", g] = user.split(":");
  const passwd = readFromLayers(lowerDirs, "etc/passwd")
    .split("\n")
    .map((l) => l.split(":"));
  let uid: number;
  let gid = 0;
  if (/^\d+$/.test(u)) {
    uid = Number(u);
    const entry = passwd.find((p) => p[2] === u);
    if (entry) gid = Number(entry[3]);
  } else {
    const entry = passwd.find((p) => p[0] === u);
    if (!entry) return { error: `unable to find user ${u}: no matching entries in passwd file` };
    uid = Number(entry[2]);
    gid = Number(entry[3]);
  }
  if (g !== undefined) {
    if (/^\d+$/.test(g)) gid = Number(g);
    else {
      const entry = readFromLayers(lowerDirs, "etc/group")
        .split("\n")
        .map((l) => l.split(":"))
        .find((p) => p[0] === g);
      if (!entry) return { error: `unable to find group ${g}: no matching entries in group file` };
      gid = Number(entry[2]);
    }
  }
  return { uid, gid };
}
