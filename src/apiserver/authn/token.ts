// Static bearer tokens: upstream's --token-auth-file CSV format, `token,user,uid,"group1,group2"`.
import type { IncomingMessage } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { UserInfo } from "./user.js";

export type TokenTable = Map<string, UserInfo>;

/** Splits one CSV record, honouring double quotes ("" inside quotes is a literal quote). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/** Parses a token file; throws with the line number on a malformed record, as upstream refuses to start. */
export function parseTokenFile(text: string): TokenTable {
  const table: TokenTable = new Map();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const f = csvFields(line);
    if (f.length < 3) throw new Error(`token file: line ${i + 1}: token, user name and uid are required`);
    const [token, username, uid, groups] = f;
    if (!token || !username) throw new Error(`token file: line ${i + 1}: empty token or user name`);
    if (table.has(token)) throw new Error(`token file: line ${i + 1}: duplicate token`);
    const user: UserInfo = {
      username,
      groups: groups
        ? groups
            .split(",")
            .map((g) => g.trim())
            .filter(Boolean)
        : [],
    };
    if (uid) user.uid = uid;
    table.set(token, user);
  });
  return table;
}

/** The bearer token of a request, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : undefined;
}

export function authenticateToken(table: TokenTable, token: string): UserInfo | null {
  const direct = table.get(token);
  if (direct) return direct;
  // Constant-time comparison against every entry would cost O(n); a Map lookup leaks only hash timing, as
  // upstream's map lookup does. Keep one constant-time check for the common single-token case.
  if (table.size === 1) {
    const [[t, u]] = [...table];
    const a = Buffer.from(t);
    const b = Buffer.from(token);
    if (a.length === b.length && timingSafeEqual(a, b)) return u;
  }
  return null;
}
