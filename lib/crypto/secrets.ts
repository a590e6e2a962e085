import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";

export class SecretKeyError extends Error {}

/** Reads the 32-byte key from SYNCDECK_ENCRYPTION_KEY (base64 or hex). */
export function loadEncryptionKey(raw = process.env.SYNCDECK_ENCRYPTION_KEY): Buffer {
  if (!raw) throw new SecretKeyError("SYNCDECK_ENCRYPTION_KEY is not set");
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (key.length !== 32) throw new SecretKeyError("SYNCDECK_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)");
  return key;
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}

/** AES-256-GCM: `v1:<iv>:<tag>:<ciphertext>`, each part base64. */
export function encryptSecret(plaintext: string, key = loadEncryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(":");
}

export function decryptSecret(envelope: string, key = loadEncryptionKey()): string {
  const [version, iv, tag, body] = envelope.split(":");
  if (version !== VERSION || !iv || !tag || !body) throw new SecretKeyError("Stored secret has an unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretKeyError("Stored secret cannot be decrypted with the configured SYNCDECK_ENCRYPTION_KEY");
  }
}
