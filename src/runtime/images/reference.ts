// Image references as upstream normalizes them (github.com/distribution/reference):
// "busybox" is docker.io/library/busybox:latest; a first component with "." or ":" or
// "localhost" is a registry host; a digest pins the content and leaves the tag optional.

export interface ImageReference {
  /** Registry host, e.g. "docker.io" or "127.0.0.1:5000". */
  domain: string;
  /** Repository path inside the registry, e.g. "library/busybox". */
  path: string;
  tag?: string;
  digest?: string;
}

export type ParseResult = { ok: true; ref: ImageReference } | { ok: false; message: string };

const defaultDomain = "docker.io";
const legacyDomain = "index.docker.io";
const officialRepoPrefix = "library/";
const defaultTag = "latest";

// Grammar pieces of distribution/reference (regexp.go).
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const maxNameLength = 255;

function validDomain(domain: string): boolean {
  const ipv6 = /^\[[a-fA-F0-9:]+\](?::\d+)?$/;
  if (ipv6.test(domain)) return true;
  const [host, port, extra] = domain.split(":");
  if (extra !== undefined || host === undefined) return false;
  if (port !== undefined && !/^\d+$/.test(port)) return false;
  return host.split(".").every((c) => domainComponent.test(c));
}

/** Parses and normalizes a reference the way the kubelet and containerd do. */
export function parseReference(input: string): ParseResult {
  const invalid: ParseResult = { ok: false, message: "invalid reference format" };
  if (input === "") return invalid;
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) return invalid;
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(":");
  if (lastColon > rest.lastIndexOf("/")) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!tagPattern.test(tag)) return invalid;
  }
  let domain = defaultDomain;
  let path = rest;
  const slash = rest.indexOf("/");
  const first = slash >= 0 ? rest.slice(0, slash) : "";
  if (
    slash >= 0 &&
    (first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase())
  ) {
    domain = first;
    path = rest.slice(slash + 1);
    if (!validDomain(domain)) return invalid;
  }
  if (domain === legacyDomain) domain = defaultDomain;
  if (domain === defaultDomain && !path.includes("/")) path = officialRepoPrefix + path;
  if (path !== path.toLowerCase())
    return { ok: false, message: "invalid reference format: repository name must be lowercase" };
  if (!path.split("/").every((c) => pathComponent.test(c))) return invalid;
  if (domain.length + 1 + path.length > maxNameLength)
    return { ok: false, message: "repository name must not be more than 255 characters" };
  if (tag === undefined && digest === undefined) tag = defaultTag;
  const ref: ImageReference = { domain, path };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return { ok: true, ref };
}

/** "docker.io/library/busybox" */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** The full normalized string: name[:tag][@digest]. */
export function formatReference(ref: ImageReference): string {
  let s = repositoryName(ref);
  if (ref.tag !== undefined) s += `:${ref.tag}`;
  if (ref.digest !== undefined) s += `@${ref.digest}`;
  return s;
}

/** Normalizes a user-typed reference, or returns undefined when it does not parse. */
export function normalizeReference(input: string): string | undefined {
  const r = parseReference(input);
  return r.ok ? formatReference(r.ref) : undefined;
}

/** The short form `docker images`/`crictl images` users expect: docker.io/library/ is dropped. */
export function familiarName(ref: ImageReference): string {
  let name = repositoryName(ref);
  if (ref.domain === defaultDomain) {
    name = ref.path.startsWith(officialRepoPrefix) ? ref.path.slice(officialRepoPrefix.length) : ref.path;
  }
  return name;
}
