// Pulls from an OCI distribution registry (HTTP or HTTPS), answering Bearer token
// challenges (WWW-Authenticate realm/service/scope) and Basic ones with the pull secret's
// credentials. Failures are values whose messages read like containerd's, because the
// kubelet shows them verbatim in ErrImagePull.
import { createHash } from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import tls from "node:tls";
import { credentialsFor, resolveAuth, type DockerConfig, type RegistryAuth } from "./credentials.js";
import {
  MediaType,
  isIndexMediaType,
  selectPlatform,
  type Descriptor,
  type Index,
  type Manifest,
} from "./oci.js";
import { formatReference, parseReference, type ImageReference } from "./reference.js";
import type { Image, ImageStore } from "./store.js";

export type PullErrorCode = "InvalidReference" | "NotFound" | "Unauthorized" | "Unavailable" | "Unknown";

export interface PullError {
  code: PullErrorCode;
  /** Shown as the container's waiting message under ErrImagePull. */
  message: string;
}

export type PullResult = { ok: true; image: Image } | { ok: false; error: PullError };

export interface RegistryOptions {
  /** Speak plain HTTP to these hosts ("host:port"). Loopback hosts fall back to HTTP when TLS fails. */
  insecureRegistries?: string[];
  /** Extra CA certificates (PEM) for HTTPS registries. */
  ca?: string | Buffer;
  signal?: AbortSignal;
}

export interface PullOptions extends RegistryOptions {
  /** imagePullSecrets' docker configs; matching credentials are tried in turn. */
  pullSecrets?: DockerConfig[];
  /** Credentials to use directly (e.g. from the command line). */
  auth?: RegistryAuth;
}

const manifestAccept = [
  MediaType.ociManifest,
  MediaType.dockerManifest,
  MediaType.ociIndex,
  MediaType.dockerManifestList,
].join(", ");

/** Thrown inside a pull, turned into a PullError at its edge. */
class Failure extends Error {
  constructor(
    readonly code: PullErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function apiHost(domain: string): string {
  return domain === "docker.io" ? "registry-1.docker.io" : domain;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\./.test(h);
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="https://auth",service="registry",scope="repository:x:pull"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (m === null) return undefined;
  const params: Record<string, string> = {};
  for (const p of (m[2] ?? "").matchAll(/(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[p[1].toLowerCase()] = p[2] ?? p[3] ?? "";
  }
  return { scheme: m[1].toLowerCase(), params };
}

/** One registry conversation: a repository, its scheme, and the Authorization that works. */
class RegistryClient {
  private scheme: "https" | "http";
  private authorization: string | undefined;
  private readonly host: string;

  constructor(
    private readonly ref: ImageReference,
    private readonly auth: RegistryAuth | undefined,
    private readonly opts: RegistryOptions,
  ) {
    this.host = apiHost(ref.domain);
    this.scheme = opts.insecureRegistries?.includes(ref.domain) === true ? "http" : "https";
    if (auth?.registrytoken !== undefined) this.authorization = `Bearer ${auth.registrytoken}`;
  }

  private url(p: string): string {
    return `${this.scheme}://${this.host}/v2/${this.ref.path}/${p}`;
  }

  private send(method: string, url: string, headers: Record<string, string>): Promise<IncomingMessage> {
    const u = new URL(url);
    const mod = u.protocol === "http:" ? http : https;
    return new Promise((resolve, reject) => {
      const tlsOptions: https.RequestOptions = {};
      // extra CAs add to the system's roots rather than replacing them
      if (this.opts.ca !== undefined) tlsOptions.ca = [...tls.rootCertificates, this.opts.ca.toString()];
      // as containerd does for localhost: a loopback registry's certificate is not verified
      if (isLoopback(u.host)) tlsOptions.rejectUnauthorized = false;
      const req = mod.request(
        u,
        { method, headers: { "User-Agent": "k8ts", ...headers }, signal: this.opts.signal, ...tlsOptions },
        resolve,
      );
      req.on("error", reject);
      req.end();
    });
  }

  /** A request with redirects followed and an auth challenge answered once. */
  async request(method: string, path: string, accept?: string): Promise<IncomingMessage> {
    const res = await this.connect(method, path, accept);
    if (res.statusCode !== 401) return res;
    const header = res.headers["www-authenticate"];
    const c =
      header === undefined
        ? undefined
        : parseChallenge(Array.isArray(header) ? (header[0] as string) : header);
    if (c?.scheme === "bearer") {
      res.resume();
      this.authorization = `Bearer ${await this.fetchToken(c)}`;
    } else if (c?.scheme === "basic" && this.auth?.username !== undefined) {
      res.resume();
      this.authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password ?? ""}`).toString("base64")}`;
    } else return res;
    return this.connect(method, path, accept);
  }

  private async connect(method: string, path: string, accept?: string): Promise<IncomingMessage> {
    const fail = (e: unknown): Failure => {
      const what = `${method === "GET" ? "Get" : method} "${this.url(path)}"`;
      return e instanceof Failure
        ? e
        : new Failure(
            "Unavailable",
            `failed to do request: ${what}: ${dialMessage(e as NodeJS.ErrnoException, this.host)}`,
          );
    };
    try {
      return await this.follow(method, this.url(path), accept);
    } catch (e) {
      // containerd allows plain HTTP to a loopback registry when TLS fails
      if (!(
        this.scheme === "https" &&
        isLoopback(this.host) &&
        (e as NodeJS.ErrnoException).code !== "ECONNREFUSED"
      ))
        throw fail(e);
      this.scheme = "http";
      return this.follow(method, this.url(path), accept).catch((e2: unknown) => {
        throw fail(e2);
      });
    }
  }

  private async follow(method: string, url: string, accept?: string): Promise<IncomingMessage> {
    const origin = new URL(url).host;
    for (let hops = 0; hops < 10; hops++) {
      const headers: Record<string, string> = {};
      if (accept !== undefined) headers["Accept"] = accept;
      // credentials only go to the registry itself, not to the storage it redirects to
      if (this.authorization !== undefined && new URL(url).host === origin)
        headers["Authorization"] = this.authorization;
      const res = await this.send(method, url, headers);
      const loc = res.headers.location;
      if (
        res.statusCode !== undefined &&
        [301, 302, 303, 307, 308].includes(res.statusCode) &&
        loc !== undefined
      ) {
        res.resume();
        url = new URL(loc, url).toString();
        continue;
      }
      return res;
    }
    throw new Failure("Unknown", `too many redirects fetching ${url}`);
  }

  private async fetchToken(c: Challenge): Promise<string> {
    const realm = c.params["realm"];
    if (realm === undefined) throw new Failure("Unauthorized", "bearer challenge without a realm");
    const u = new URL(realm);
    if (c.params["service"] !== undefined) u.searchParams.set("service", c.params["service"]);
    u.searchParams.set("scope", c.params["scope"] ?? `repository:${this.ref.path}:pull`);
    const headers: Record<string, string> = {};
    if (this.auth?.username !== undefined)
      headers["Authorization"] =
        `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password ?? ""}`).toString("base64")}`;
    let res: IncomingMessage;
    try {
      res = await this.send("GET", u.toString(), headers);
    } catch (e) {
      throw new Failure(
        "Unavailable",
        `failed to fetch anonymous token: Get "${u.toString()}": ${dialMessage(e as NodeJS.ErrnoException, u.host)}`,
      );
    }
    const body = await readBody(res);
    if (res.statusCode !== 200) {
      throw new Failure(
        "Unauthorized",
        `failed to fetch ${this.auth === undefined ? "anonymous" : "oauth"} token: unexpected status from GET request to ${u.toString()}: ${res.statusCode} ${res.statusMessage ?? ""}`.trim(),
      );
    }
    const j = JSON.parse(body.toString("utf8")) as { token?: string; access_token?: string };
    const token = j.token ?? j.access_token;
    if (token === undefined) throw new Failure("Unauthorized", `token response from ${realm} has no token`);
    return token;
  }

  /** Fetches a manifest (or index) by tag or digest, verifying its digest. */
  async manifest(reference: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }> {
    const res = await this.request("GET", `manifests/${reference}`, manifestAccept);
    const body = await readBody(res);
    const name = formatReference(this.ref);
    if (res.statusCode === 404) throw new Failure("NotFound", `${name}: not found`);
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw new Failure(
        "Unauthorized",
        `pull access denied, repository does not exist or may require authorization: server message: ${serverMessage(body) ?? `${res.statusCode} ${res.statusMessage ?? ""}`.trim()}`,
      );
    }
    if (res.statusCode !== 200)
      throw new Failure(
        "Unknown",
        `unexpected status from GET request to ${this.url(`manifests/${reference}`)}: ${res.statusCode} ${res.statusMessage ?? ""}`.trim(),
      );
    const digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;
    if (reference.startsWith("sha256:") && reference !== digest)
      throw new Failure("Unknown", `manifest ${reference}: content has digest ${digest}`);
    const ct = (res.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
    const mediaType =
      ct !== "" && ct !== "application/json"
        ? ct
        : ((JSON.parse(body.toString("utf8")) as { mediaType?: string }).mediaType ?? MediaType.ociManifest);
    return { bytes: body, mediaType, digest };
  }

  /** Streams a blob into the store unless it is there already. */
  async blob(store: ImageStore, d: Descriptor): Promise<void> {
    if (await store.hasBlob(d.digest)) return;
    const res = await this.request("GET", `blobs/${d.digest}`);
    if (res.statusCode !== 200) {
      const body = await readBody(res);
      throw new Failure(
        res.statusCode === 404 ? "NotFound" : "Unknown",
        `failed to copy: httpReadSeeker: failed open: content at ${this.url(`blobs/${d.digest}`)} ${res.statusCode === 404 ? "not found" : `${res.statusCode} ${serverMessage(body) ?? ""}`.trim()}`,
      );
    }
    try {
      await store.ingest(res, { digest: d.digest, size: d.size });
    } catch (e) {
      throw new Failure("Unknown", `failed to copy: ${(e as Error).message}`);
    }
  }
}

function dialMessage(e: NodeJS.ErrnoException, host: string): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return `dial tcp ${host}: connect: connection refused`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `dial tcp: lookup ${host.replace(/:\d+$/, "")}: no such host`;
    case "ETIMEDOUT":
      return `dial tcp ${host}: i/o timeout`;
    default:
      return e.message;
  }
}

function serverMessage(body: Buffer): string | undefined {
  try {
    const j = JSON.parse(body.toString("utf8")) as { errors?: { code?: string; message?: string }[] };
    const e = j.errors?.[0];
    return e === undefined ? undefined : `${(e.code ?? "").toLowerCase()}: ${e.message ?? ""}`;
  } catch {
    return undefined;
  }
}

async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function pullWith(
  store: ImageStore,
  ref: ImageReference,
  auth: RegistryAuth | undefined,
  opts: RegistryOptions,
): Promise<Image> {
  const client = new RegistryClient(ref, auth, opts);
  const name = formatReference(ref);
  const resolved = await client.manifest(ref.digest ?? ref.tag ?? "latest").catch((e: unknown) => {
    throw e instanceof Failure
      ? new Failure(e.code, `failed to resolve reference "${name}": ${e.message}`)
      : e;
  });
  let top: Descriptor = await store.writeBlob(resolved.bytes, resolved.mediaType);
  let bytes = resolved.bytes;
  if (isIndexMediaType(resolved.mediaType)) {
    const chosen = selectPlatform(JSON.parse(resolved.bytes.toString("utf8")) as Index);
    if (chosen === undefined)
      throw new Failure("NotFound", `no match for platform in manifest ${resolved.digest}: not found`);
    const m = await client.manifest(chosen.digest);
    top = await store.writeBlob(m.bytes, m.mediaType);
    bytes = m.bytes;
  }
  const manifest = JSON.parse(bytes.toString("utf8")) as Manifest;
  for (const d of [manifest.config, ...manifest.layers]) await client.blob(store, d);
  const names = ref.digest !== undefined ? [`${ref.domain}/${ref.path}@${ref.digest}`] : [name];
  if (ref.digest !== undefined && ref.tag !== undefined)
    names.push(formatReference({ domain: ref.domain, path: ref.path, tag: ref.tag }));
  return store.commitImage(top, names);
}

/**
 * Pulls `image` into the store. With pull secrets, each matching credential is tried in
 * turn (as the kubelet does); the last failure is returned when none works.
 */
export async function pullImage(
  store: ImageStore,
  image: string,
  opts: PullOptions = {},
): Promise<PullResult> {
  const parsed = parseReference(image);
  if (!parsed.ok)
    return {
      ok: false,
      error: { code: "InvalidReference", message: `couldn't parse image name "${image}": ${parsed.message}` },
    };
  const ref = parsed.ref;
  const name = formatReference(ref);
  const auths: (RegistryAuth | undefined)[] = [];
  if (opts.auth !== undefined) auths.push(resolveAuth(opts.auth));
  auths.push(...credentialsFor(opts.pullSecrets ?? [], ref.domain, ref.path));
  if (auths.length === 0) auths.push(undefined);
  let last: PullError = { code: "Unknown", message: "" };
  for (const auth of auths) {
    try {
      return { ok: true, image: await pullWith(store, ref, auth, opts) };
    } catch (e) {
      const code = e instanceof Failure ? e.code : "Unknown";
      const grpc = code === "NotFound" ? "NotFound" : "Unknown";
      last = {
        code,
        message: `rpc error: code = ${grpc} desc = failed to pull and unpack image "${name}": ${(e as Error).message}`,
      };
    }
  }
  return { ok: false, error: last };
}
