// The bootstrap token an agent derives from the cluster join token (`--token`, k3s-style): both sides compute
// the same "<token-id>.<token-secret>" from it, so the human-facing secret stays the one join token while the
// API server sees an ordinary bootstrap token (kube-system/bootstrap-token-<id>). The agent presents it as a
// bearer token only to request its node certificate (requestNodeCertificate).
import { createHash } from "node:crypto";

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/** "<6 chars>.<16 chars>" of [a-z0-9], as upstream's bootstrap token format requires. */
export function bootstrapTokenFromJoinToken(joinToken: string): {
  id: string;
  secret: string;
  token: string;
} {
  const digest = createHash("sha256").update(`k8ts-bootstrap-token:${joinToken}`).digest();
  const chars = [...digest.subarray(0, 22)].map((b) => alphabet[b % alphabet.length]).join("");
  const id = chars.slice(0, 6);
  const secret = chars.slice(6, 22);
  return { id, secret, token: `${id}.${secret}` };
}
