import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { authUsers, instances, type Role } from "@/db/schema";
import type { Actor } from "@/lib/auth/permissions";
import type { Ctx } from "@/lib/context";
import { encryptSecret } from "@/lib/crypto/secrets";
import { postgresEndpoint } from "@/lib/connectors/postgres";
import { enqueueEvents } from "@/lib/engine/enqueue";
import { workflows } from "@/lib/workflows";

export async function makeUser(db: Database, role: Role): Promise<Actor> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@test.local`;
  await db.insert(authUsers).values({ id, name: `${role} user`, email, role });
  return { type: "user", id, label: email, role };
}

/** A verb context whose events go to the embedded engine's queue in the same transaction. */
export function makeCtx(db: Database, actor: Actor): Ctx {
  return { db, actor, engine: { enqueue: (tx, events) => enqueueEvents(tx, workflows, events) } };
}

export async function makePostgresInstance(db: Database, url: string, name = `pg-${randomUUID().slice(0, 8)}`) {
  const [row] = await db
    .insert(instances)
    .values({ name, kind: "postgres", secretCiphertext: encryptSecret(url), endpoint: postgresEndpoint(url) })
    .returning();
  return row!;
}
