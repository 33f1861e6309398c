// hostPath volumes, as upstream's pkg/volume/hostpath checkType: DirectoryOrCreate makes the directory
// (0755), FileOrCreate an empty file (0644, the parent must exist), the other types only check what is there
// (following symlinks) with upstream's "hostPath type check failed: ..." messages; "" checks nothing.
import { closeSync, mkdirSync, openSync, statSync, type Stats } from "node:fs";

function stat(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

const errnoText: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOTDIR: "not a directory",
  EEXIST: "file exists",
  EROFS: "read-only file system",
};

/** Go's *PathError text ("open /x: no such file or directory"). */
export function goPathError(op: string, path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  return `${op} ${path}: ${errnoText[code] ?? (e as Error).message}`;
}

function check(ok: boolean, path: string, what: string): string | undefined {
  return ok ? undefined : `hostPath type check failed: ${path} is not a ${what}`;
}

/** undefined when the path passes its type check. */
export function checkHostPathType(path: string, type: string | undefined): string | undefined {
  const st = stat(path);
  switch (type ?? "") {
    case "":
      return undefined;
    case "DirectoryOrCreate":
      if (st) return check(st.isDirectory(), path, "directory");
      try {
        mkdirSync(path, { recursive: true, mode: 0o755 });
        return undefined;
      } catch (e) {
        return goPathError("mkdir", path, e);
      }
    case "Directory":
      return check(!!st?.isDirectory(), path, "directory");
    case "FileOrCreate":
      if (st) return check(st.isFile(), path, "file");
      try {
        closeSync(openSync(path, "a", 0o644));
        return undefined;
      } catch (e) {
        return goPathError("open", path, e);
      }
    case "File":
      return check(!!st?.isFile(), path, "file");
    case "Socket":
      return check(!!st?.isSocket(), path, "socket file");
    case "CharDevice":
      return check(!!st?.isCharacterDevice(), path, "character device");
    case "BlockDevice":
      return check(!!st?.isBlockDevice(), path, "block device");
    default:
      return `${type} is an invalid volume type`;
  }
}
