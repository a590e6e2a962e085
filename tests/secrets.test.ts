import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateEncryptionKey, loadEncryptionKey, SecretKeyError } from "@/lib/crypto/secrets";

describe("instance secrets at rest", () => {
  const key = loadEncryptionKey(generateEncryptionKey());
  const url = "postgres://app:s3cr3t-pa55@db.internal:5432/shop";

  it("round-trips and never stores the plaintext", () => {
    const envelope = encryptSecret(url, key);
    expect(envelope).not.toContain("s3cr3t");
    expect(envelope.startsWith("v1:")).toBe(true);
    expect(decryptSecret(envelope, key)).toBe(url);
    // A fresh IV each time: equal secrets do not give equal ciphertexts.
    expect(encryptSecret(url, key)).not.toBe(envelope);
  });

  it("refuses a wrong key or a tampered envelope with a clear error that leaks nothing", () => {
    const envelope = encryptSecret(url, key);
    const otherKey = loadEncryptionKey(generateEncryptionKey());
    expect(() => decryptSecret(envelope, otherKey)).toThrow(SecretKeyError);
    expect(() => decryptSecret(envelope, otherKey)).toThrow(/cannot be decrypted/);
    const parts = envelope.split(":");
    parts[3] = Buffer.from("tampered").toString("base64");
    expect(() => decryptSecret(parts.join(":"), key)).toThrow(SecretKeyError);
    try {
      decryptSecret(envelope, otherKey);
    } catch (e) {
      expect(String((e as Error).message)).not.toContain("s3cr3t");
    }
  });

  it("a wrong or malformed configured key is named as the problem, and the key itself never appears", () => {
    const envelope = encryptSecret(url, key);
    const wrong = generateEncryptionKey();
    const malformed = "not-a-key-but-a-Secret-Value-123";
    for (const [fn, raw] of [
      [() => decryptSecret(envelope, loadEncryptionKey(wrong)), wrong],
      [() => loadEncryptionKey(malformed), malformed],
      [() => loadEncryptionKey("ab".repeat(31)), "ab".repeat(31)],
    ] as const) {
      let message = "";
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(SecretKeyError);
        message = (e as Error).message;
      }
      expect(message).toMatch(/SYNCDECK_ENCRYPTION_KEY/);
      expect(message).not.toContain(raw);
      expect(message).not.toContain(Buffer.from(raw, "base64").toString("hex"));
      expect(message).not.toContain("s3cr3t");
    }
  });

  it("rejects keys of the wrong size", () => {
    expect(() => loadEncryptionKey("abcd")).toThrow(/32 bytes/);
    expect(() => loadEncryptionKey("")).toThrow(/not set/);
  });
});
