import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateEncryptionKey } from "@/lib/crypto/secrets";

/** Reads a secret from `.data/<file>`, creating it (mode 600) on first use. */
function fileSecret(dataDir: string, file: string, make: () => string): string {
  const p = path.join(dataDir, file);
  if (existsSync(p)) return readFileSync(p, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(p, value + "\n", { mode: 0o600 });
  return value;
}

/** Fills SYNCDECK_ENCRYPTION_KEY and BETTER_AUTH_SECRET from `.data/` when the environment leaves them unset. */
export function ensureLocalSecrets(dataDir: string) {
  process.env.SYNCDECK_ENCRYPTION_KEY ??= fileSecret(dataDir, "encryption.key", generateEncryptionKey);
  process.env.BETTER_AUTH_SECRET ??= fileSecret(dataDir, "auth.secret", () => randomBytes(32).toString("base64url"));
}
