// Encryption-at-rest providers, as upstream's k8s.io/apiserver/pkg/storage/value/encrypt: each writes its
// prefix ("k8s:enc:aescbc:v1:<key name>:") before the ciphertext, so a reader knows which provider and key
// wrote a value. aescbc: AES-256-CBC, a random 16-byte IV first, PKCS#7 padding. aesgcm: AES-GCM, a random
// 12-byte nonce first and the 16-byte tag last, the storage key as additional data (a value copied to
// another key does not decrypt). secretbox: XSalsa20-Poly1305 (NaCl's secretbox, from tweetnacl since
// node:crypto has no XSalsa20), a random 24-byte nonce first, then the sealed box. Values in the k8ts Store
// are strings, so the bytes after the prefix are base64 (docs/compatibility.md).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import nacl from "tweetnacl";

export interface Transformer {
  /** The stored prefix this provider and key write and recognise ("" for identity). */
  readonly prefix: string;
  encrypt(plain: string, key: string): string;
  decrypt(payload: string, key: string): string;
}

export const encryptedPrefix = "k8s:enc:";

export const identity: Transformer = {
  prefix: "",
  encrypt: (plain) => plain,
  decrypt: (payload) => {
    // upstream's identity transformer refuses what another provider encrypted
    if (payload.startsWith(encryptedPrefix))
      throw new Error("identity transformer tried to read encrypted data");
    return payload;
  },
};

export function aesCbc(name: string, secret: Buffer): Transformer {
  const algorithm = `aes-${secret.length * 8}-cbc`;
  return {
    prefix: `${encryptedPrefix}aescbc:v1:${name}:`,
    encrypt(plain) {
      const iv = randomBytes(16);
      const c = createCipheriv(algorithm, secret, iv);
      return Buffer.concat([iv, c.update(plain, "utf8"), c.final()]).toString("base64");
    },
    decrypt(payload) {
      const data = Buffer.from(payload, "base64");
      if (data.length < 32 || data.length % 16 !== 0)
        throw new Error("the stored data is not a multiple of the block size");
      const d = createDecipheriv(algorithm, secret, data.subarray(0, 16));
      return Buffer.concat([d.update(data.subarray(16)), d.final()]).toString("utf8");
    },
  };
}

export function aesGcm(name: string, secret: Buffer): Transformer {
  const algorithm = `aes-${secret.length * 8}-gcm` as "aes-256-gcm";
  return {
    prefix: `${encryptedPrefix}aesgcm:v1:${name}:`,
    encrypt(plain, key) {
      const nonce = randomBytes(12);
      const c = createCipheriv(algorithm, secret, nonce);
      c.setAAD(Buffer.from(key));
      const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
      return Buffer.concat([nonce, body, c.getAuthTag()]).toString("base64");
    },
    decrypt(payload, key) {
      const data = Buffer.from(payload, "base64");
      if (data.length < 12 + 16) throw new Error("the stored data was shorter than the required size");
      const d = createDecipheriv(algorithm, secret, data.subarray(0, 12));
      d.setAAD(Buffer.from(key));
      d.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([d.update(data.subarray(12, data.length - 16)), d.final()]).toString("utf8");
    },
  };
}

const secretboxNonceSize = 24;

/** upstream's secretbox transformer: 32-byte key, nonce || secretbox.Seal(plain); no additional data. */
export function secretbox(name: string, secret: Buffer): Transformer {
  const key = new Uint8Array(secret);
  return {
    prefix: `${encryptedPrefix}secretbox:v1:${name}:`,
    encrypt(plain) {
      const nonce = randomBytes(secretboxNonceSize);
      const sealed = nacl.secretbox(Buffer.from(plain, "utf8"), nonce, key);
      return Buffer.concat([nonce, sealed]).toString("base64");
    },
    decrypt(payload) {
      const data = Buffer.from(payload, "base64");
      if (data.length < nacl.secretbox.overheadLength + secretboxNonceSize)
        throw new Error("the stored data was shorter than the required size");
      const opened = nacl.secretbox.open(
        data.subarray(secretboxNonceSize),
        data.subarray(0, secretboxNonceSize),
        key,
      );
      // upstream's wording when the box does not open (wrong key or altered data)
      if (!opened) throw new Error("output array was not large enough for encryption");
      return Buffer.from(opened).toString("utf8");
    },
  };
}
