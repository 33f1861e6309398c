// Client-certificate authentication: the TLS layer has already verified the chain against the cluster CA
// (requestCert with rejectUnauthorized=false, so requests without a certificate can still use a token);
// the user is the subject's CN and the groups its O values, as upstream's x509 authenticator maps them.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { UserInfo } from "./user.js";

export function authenticateClientCertificate(req: IncomingMessage): UserInfo | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return null;
  const cert = socket.getPeerCertificate();
  const subject = cert?.subject;
  if (!subject) return null;
  const cn = subject.CN;
  const username = Array.isArray(cn) ? cn[0] : cn;
  if (!username) return null;
  const o = subject.O;
  const groups = o === undefined ? [] : Array.isArray(o) ? o : [o];
  return { username, groups: [...groups] };
}
