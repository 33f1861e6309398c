// Client-certificate authentication: the TLS layer has already verified the chain against the cluster CA
// (requestCert with rejectUnauthorized=false, so requests without a certificate can still use a token);
// the user is the subject's CN and the groups its O values, as upstream's x509 authenticator maps them.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { UserInfo } from "./user.js";

/**
 * The user of each TLS connection, computed once: getPeerCertificate() builds a new object from the
 * certificate on every call (a large share of a small request's CPU), while the peer of a connection never
 * changes — Go's TLS server, like `k8ts server`, refuses renegotiation.
 */
const byConnection = new WeakMap<TLSSocket, UserInfo | null>();

export function authenticateClientCertificate(req: IncomingMessage): UserInfo | null {
  const socket = req.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) return null;
  let user = byConnection.get(socket);
  if (user === undefined) byConnection.set(socket, (user = userOf(socket)));
  return user && { username: user.username, groups: [...user.groups] };
}

function userOf(socket: TLSSocket): UserInfo | null {
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
