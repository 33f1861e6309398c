// Registry credentials from imagePullSecrets (kubernetes.io/dockerconfigjson and
// kubernetes.io/dockercfg), matched to an image the way the kubelet's keyring does:
// by host (with "*" wildcards per label), port and path prefix, most specific first.

export interface RegistryAuth {
  username?: string;
  password?: string;
  /** base64("user:password"), as docker config files store it. */
  auth?: string;
  /** A bearer token for the registry itself. */
  registrytoken?: string;
}

/** The parsed content of a `.dockerconfigjson` ({auths: {...}}) or legacy `.dockercfg` ({host: {...}}). */
export type DockerConfig = { auths?: Record<string, RegistryAuth> } | Record<string, RegistryAuth>;

const dockerHubHosts = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

interface Key {
  host: string;
  port: string;
  path: string;
}

function parseKey(key: string): Key | undefined {
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(key) ? key : `https://${key}`);
    let path = u.pathname.replace(/\/+$/, "");
    let host = u.hostname.toLowerCase();
    // "https://index.docker.io/v1/" is how docker login writes Docker Hub
    if (dockerHubHosts.has(host)) {
      host = "docker.io";
      if (path === "/v1" || path === "/v2") path = "";
    }
    return { host, port: u.port, path };
  } catch {
    return undefined;
  }
}

function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.split(".");
  const h = host.split(".");
  if (p.length !== h.length) return false;
  return p.every((label, i) => {
    const re = new RegExp("^" + label.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^.]*") + "$");
    return re.test(h[i]);
  });
}

/** Unpacks `auth` into username/password when only it is given. */
export function resolveAuth(a: RegistryAuth): RegistryAuth {
  if ((a.username === undefined || a.username === "") && a.auth !== undefined && a.auth !== "") {
    const decoded = Buffer.from(a.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0) return { ...a, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return a;
}

/**
 * The credentials that apply to `domain/path` (an image's registry and repository),
 * most specific key first. The kubelet tries them in this order.
 */
export function credentialsFor(configs: DockerConfig[], domain: string, path: string): RegistryAuth[] {
  const target = parseKey(`${domain}/${path}`);
  if (target === undefined) return [];
  const hits: { score: number; auth: RegistryAuth }[] = [];
  for (const c of configs) {
    const auths = ("auths" in c && typeof c.auths === "object" ? c.auths : c) as Record<string, RegistryAuth>;
    for (const [k, v] of Object.entries(auths ?? {})) {
      const key = parseKey(k);
      if (key === undefined || typeof v !== "object") continue;
      if (!hostMatches(key.host, target.host) || key.port !== target.port) continue;
      if (key.path !== "" && target.path !== key.path && !target.path.startsWith(key.path + "/")) continue;
      hits.push({ score: key.host.length * 1000 + key.path.length, auth: resolveAuth(v) });
    }
  }
  return hits.sort((a, b) => b.score - a.score).map((h) => h.auth);
}

/** Decodes a Secret's data map (base64 values) into a DockerConfig, or undefined when it holds none. */
export function dockerConfigFromSecret(secret: {
  type?: string;
  data?: Record<string, string>;
}): DockerConfig | undefined {
  const key = secret.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
  const raw = secret.data?.[key];
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as DockerConfig;
  } catch {
    return undefined;
  }
}
