// Go's net error text for a failed dial, which upstream's probe messages carry verbatim
// ("dial tcp 10.42.0.5:8080: connect: connection refused").
export function dialError(addr: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ECONNREFUSED":
      return `dial tcp ${addr}: connect: connection refused`;
    case "EHOSTUNREACH":
      return `dial tcp ${addr}: connect: no route to host`;
    case "ENETUNREACH":
      return `dial tcp ${addr}: connect: network is unreachable`;
    case "ETIMEDOUT":
      return `dial tcp ${addr}: i/o timeout`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `dial tcp: lookup ${addr.replace(/:\d+$/, "").replace(/^\[|\]$/g, "")}: no such host`;
    case "ECONNRESET":
      return `read tcp ${addr}: read: connection reset by peer`;
    default:
      return err.message;
  }
}
