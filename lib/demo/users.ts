import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { authAccounts, authUsers, type Role } from "@/db/schema";

export const DEMO_USERS: { name: string; email: string; password: string; role: Role }[] = [
  { name: "Ada Admin", email: "admin@syncdeck.local", password: "syncdeck-admin", role: "super_admin" },
  { name: "Otto Ops", email: "ops@syncdeck.local", password: "syncdeck-ops", role: "ops" },
  { name: "Vera Viewer", email: "viewer@syncdeck.local", password: "syncdeck-viewer", role: "viewer" },
];

/** Creates a user who signs in with email and password; returns the existing one untouched if present. */
export async function ensureUser(db: Database, user: { name: string; email: string; password: string; role: Role }) {
  const [existing] = await db.select({ id: authUsers.id }).from(authUsers).where(eq(authUsers.email, user.email));
  if (existing) return { id: existing.id, created: false };
  const id = randomUUID();
  const password = await hashPassword(user.password);
  await db.transaction(async (tx) => {
    await tx.insert(authUsers).values({ id, name: user.name, email: user.email, emailVerified: true, role: user.role });
    await tx.insert(authAccounts).values({ id: randomUUID(), accountId: id, providerId: "credential", userId: id, password });
  });
  return { id, created: true };
}
