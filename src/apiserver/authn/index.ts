// The request authenticator: client certificate, then bearer token. Every authenticated user also gets the
// system:authenticated group, as upstream adds it.
import type { IncomingMessage } from "node:http";
import { authenticateClientCertificate } from "./x509.js";
import { authenticateToken, bearerToken, type TokenTable } from "./token.js";
import { AllAuthenticated, type UserInfo } from "./user.js";

export type { UserInfo } from "./user.js";
export { parseTokenFile, type TokenTable } from "./token.js";

export interface AuthenticatorOptions {
  tokens: TokenTable;
}

export function createAuthenticator(o: AuthenticatorOptions): (req: IncomingMessage) => UserInfo | null {
  return (req) => {
    let user = authenticateClientCertificate(req);
    if (!user) {
      const token = bearerToken(req);
      if (token) user = authenticateToken(o.tokens, token);
    }
    if (!user) return null;
    return user.groups.includes(AllAuthenticated)
      ? user
      : { ...user, groups: [...user.groups, AllAuthenticated] };
  };
}
