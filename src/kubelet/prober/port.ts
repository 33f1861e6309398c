// upstream probe.ResolveContainerPort: a port number, or a name looked up in the container's ports (a
// numeric string is a last resort), 1–65535.
import type { Container } from "../../api/core/v1/container.js";

export function resolveContainerPort(
  param: number | string | undefined,
  container: Container,
): { port: number } | { error: string } {
  let port = -1;
  if (typeof param === "number") port = param;
  else if (typeof param === "string") {
    const named = (container.ports ?? []).find((p) => p.name === param);
    if (named) port = named.containerPort ?? 0;
    else if (/^[+-]?\d+$/.test(param)) port = Number(param);
    else return { error: `strconv.Atoi: parsing "${param}": invalid syntax` };
  } else return { error: `intOrString had no kind: ${String(param)}` };
  if (port > 0 && port < 65536) return { port };
  return { error: `invalid port number: ${port}` };
}

/** net.JoinHostPort. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
