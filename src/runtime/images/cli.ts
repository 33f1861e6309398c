// `k8ts image import|ls|rm|pull`: the node's image store from the command line. Each
// command returns its exit code; output goes through `io` so tests read it.
import type { Command } from "commander";
import { importArchive } from "./archive.js";
import { formatReference, parseReference } from "./reference.js";
import { pullImage } from "./registry.js";
import { ImageStore, type Image } from "./store.js";

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIO = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
};

/** Docker's units.HumanSize: decimal units, four significant digits ("2.131MB"). */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

export async function imageImport(
  storeDir: string,
  files: string[],
  opts: { baseName?: string } = {},
  io: CliIO = stdio,
): Promise<number> {
  const store = await ImageStore.open(storeDir);
  let code = 0;
  for (const f of files) {
    const r = await importArchive(store, f, opts.baseName === undefined ? {} : { baseName: opts.baseName });
    if (!r.ok) {
      io.err(`error: ${r.message}`);
      code = 1;
      continue;
    }
    for (const img of r.images)
      io.out(`Imported ${img.repoTags.length > 0 ? img.repoTags.join(", ") : "<none>"} (${img.id})`);
  }
  return code;
}

/** One row per name, as `crictl images`: IMAGE TAG IMAGE ID SIZE. */
export async function imageList(
  storeDir: string,
  opts: { quiet?: boolean; digests?: boolean; output?: "table" | "json" } = {},
  io: CliIO = stdio,
): Promise<number> {
  const store = await ImageStore.open(storeDir);
  const images = await store.list();
  if (opts.output === "json") {
    const list = images.map((i: Image) => ({
      id: i.id,
      repoTags: i.repoTags,
      repoDigests: i.repoDigests,
      size: String(i.size),
      pinned: i.pinned,
    }));
    io.out(JSON.stringify({ images: list }, null, 2));
    return 0;
  }
  if (opts.quiet === true) {
    for (const id of new Set(images.map((i) => i.id))) io.out(id);
    return 0;
  }
  const rows: string[][] = [
    opts.digests === true
      ? ["IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE"]
      : ["IMAGE", "TAG", "IMAGE ID", "SIZE"],
  ];
  for (const img of images) {
    const names = img.repoTags.length > 0 ? img.repoTags : ["<none>"];
    for (const n of names) {
      const r = parseReference(n);
      const [repo, tag] = r.ok
        ? [formatReference({ domain: r.ref.domain, path: r.ref.path }), r.ref.tag ?? "<none>"]
        : ["<none>", "<none>"];
      const row = [repo, tag];
      if (opts.digests === true) row.push(img.manifestDigest.slice(7, 20));
      row.push(img.id.slice(7, 20), humanSize(img.size));
      rows.push(row);
    }
  }
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  for (const r of rows)
    io.out(
      r
        .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd((widths[c] ?? 0) + 3)))
        .join("")
        .trimEnd(),
    );
  return 0;
}

export async function imageRemove(storeDir: string, refs: string[], io: CliIO = stdio): Promise<number> {
  const store = await ImageStore.open(storeDir);
  let code = 0;
  for (const ref of refs) {
    const r = await store.remove(ref);
    if (r === undefined) {
      io.err(`error: no such image ${ref}`);
      code = 1;
      continue;
    }
    for (const n of r.untagged) io.out(`Deleted: ${n}`);
    if (r.untagged.length === 0) io.out(`Deleted: ${ref}`);
  }
  return code;
}

export async function imagePull(
  storeDir: string,
  ref: string,
  opts: { creds?: string; insecure?: boolean } = {},
  io: CliIO = stdio,
): Promise<number> {
  const store = await ImageStore.open(storeDir);
  const parsed = parseReference(ref);
  const insecure = opts.insecure === true && parsed.ok ? [parsed.ref.domain] : [];
  const colon = opts.creds?.indexOf(":") ?? -1;
  const auth =
    opts.creds === undefined
      ? undefined
      : {
          username: colon < 0 ? opts.creds : opts.creds.slice(0, colon),
          password: colon < 0 ? "" : opts.creds.slice(colon + 1),
        };
  const r = await pullImage(store, ref, { insecureRegistries: insecure, ...(auth ? { auth } : {}) });
  if (!r.ok) {
    io.err(`error: pulling image: ${r.error.message}`);
    return 1;
  }
  io.out(`Image is up to date for ${r.image.id}`);
  return 0;
}

/** Adds `image import|ls|rm|pull` to a commander program; `storeDir` reads the parsed global options. */
export function registerImageCommands(program: Command, storeDir: () => string): Command {
  const image = program.command("image").description("Manage the node's local image store");
  const exit = (code: number): void => {
    process.exitCode = code;
  };
  image
    .command("import")
    .argument("<file...>", "docker-archive (docker save) or OCI archive tarballs")
    .option("--base-name <name>", "name for images an OCI archive tags only (e.g. 1.0 -> <name>:1.0)")
    .description("Import images from tarballs")
    .action(async (files: string[], o: { baseName?: string }) =>
      exit(await imageImport(storeDir(), files, o)),
    );
  image
    .command("ls")
    .alias("list")
    .option("-q, --quiet", "only image IDs")
    .option("--digests", "show digests")
    .option("-o, --output <format>", "table or json", "table")
    .description("List images")
    .action(async (o: { quiet?: boolean; digests?: boolean; output?: "table" | "json" }) =>
      exit(await imageList(storeDir(), o)),
    );
  image
    .command("rm")
    .alias("rmi")
    .argument("<image...>", "names or IDs")
    .description("Remove images")
    .action(async (refs: string[]) => exit(await imageRemove(storeDir(), refs)));
  image
    .command("pull")
    .argument("<image>", "reference")
    .option("--creds <user:password>", "registry credentials")
    .option("--insecure", "plain HTTP to this registry")
    .description("Pull an image from a registry")
    .action(async (ref: string, o: { creds?: string; insecure?: boolean }) =>
      exit(await imagePull(storeDir(), ref, o)),
    );
  return image;
}
