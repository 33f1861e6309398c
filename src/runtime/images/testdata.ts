// Test fixtures built with the real tools CI installs: an OCI image made by umoci from a
// busybox-static rootfs, and Debian's docker-registry on a free loopback port.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promises as fs } from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function onPath(bin: string): Promise<boolean> {
  for (const dir of (process.env["PATH"] ?? "/usr/bin:/bin").split(":")) {
    if (
      await fs.access(path.join(dir, bin)).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

/** The first missing tool among those named, or undefined when all are installed. */
export async function missingTool(...bins: string[]): Promise<string | undefined> {
  for (const b of bins)
    if (
      !(await onPath(b)) &&
      !(await fs.access(b).then(
        () => true,
        () => false,
      ))
    )
      return b;
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === "object" && addr !== null ? resolve(addr.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Builds `oci:<dir>/oci:<tag>` with umoci: /bin/busybox, a `sh` link and a file whose
 * content the tests check after a round trip.
 */
export async function buildUmociImage(dir: string, tag: string, marker: string): Promise<string> {
  const layout = path.join(dir, "oci");
  await run("umoci", ["init", "--layout", layout]);
  await run("umoci", ["new", "--image", `${layout}:${tag}`]);
  const bundle = path.join(dir, "bundle");
  await run("umoci", ["unpack", "--rootless", "--image", `${layout}:${tag}`, bundle]);
  const rootfs = path.join(bundle, "rootfs");
  await fs.mkdir(path.join(rootfs, "bin"), { recursive: true });
  await fs.copyFile("/bin/busybox", path.join(rootfs, "bin", "busybox"));
  await fs.chmod(path.join(rootfs, "bin", "busybox"), 0o755);
  await fs.symlink("busybox", path.join(rootfs, "bin", "sh"));
  await fs.mkdir(path.join(rootfs, "etc"));
  await fs.writeFile(path.join(rootfs, "etc", "marker"), marker);
  await run("umoci", ["repack", "--image", `${layout}:${tag}`, bundle]);
  await run("umoci", [
    "config",
    "--image",
    `${layout}:${tag}`,
    "--config.entrypoint",
    "/bin/sh",
    "--config.cmd",
    "-c",
    "--config.cmd",
    "echo hi",
    "--config.env",
    "GREETING=hello",
    "--config.workingdir",
    "/etc",
    "--config.user",
    "1000:1000",
    "--config.exposedports",
    "8080/tcp",
  ]);
  await fs.rm(bundle, { recursive: true, force: true });
  return layout;
}

export interface RunningRegistry {
  port: number;
  stop(): Promise<void>;
}

/** Writes a self-signed certificate for 127.0.0.1 (IP SAN) and its key; returns their paths. */
export async function selfSignedCert(dir: string): Promise<{ certificate: string; key: string }> {
  const certificate = path.join(dir, "tls.crt");
  const key = path.join(dir, "tls.key");
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    key,
    "-out",
    certificate,
    "-days",
    "1",
    "-subj",
    "/CN=127.0.0.1",
    "-addext",
    "subjectAltName=IP:127.0.0.1",
  ]);
  return { certificate, key };
}

/** Starts Debian's docker-registry on 127.0.0.1 with `extraConfig` (YAML lines) appended; HTTPS with `tls`. */
export async function startRegistry(
  dir: string,
  extraConfig = "",
  tls?: { certificate: string; key: string },
): Promise<RunningRegistry> {
  const port = await freePort();
  const config = path.join(dir, "registry.yml");
  await fs.writeFile(
    config,
    `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, "registry-data")}\nhttp:\n  addr: 127.0.0.1:${port}\n${tls === undefined ? "" : `  tls:\n    certificate: ${tls.certificate}\n    key: ${tls.key}\n`}${extraConfig}`,
  );
  const child: ChildProcess = spawn("docker-registry", ["serve", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || i > 200) throw new Error(`docker-registry did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** `skopeo copy` from an OCI layout to the registry (plain HTTP, optional credentials). */
export async function skopeoPush(layout: string, tag: string, dest: string, creds?: string): Promise<void> {
  const args = ["copy", "--quiet", "--dest-tls-verify=false", `oci:${layout}:${tag}`, `docker://${dest}`];
  if (creds !== undefined) args.splice(1, 0, "--dest-creds", creds);
  await run("skopeo", args);
}

/** `skopeo copy` into an archive file: "docker-archive" or "oci-archive". */
export async function skopeoArchive(
  layout: string,
  tag: string,
  kind: "docker-archive" | "oci-archive",
  file: string,
  name: string,
): Promise<void> {
  await run("skopeo", ["copy", "--quiet", `oci:${layout}:${tag}`, `${kind}:${file}:${name}`]);
}
