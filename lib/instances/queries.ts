import { and, asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { instances } from "@/db/schema";
import type { InstanceKind } from "@/lib/domain/values";

/** Every column a browser may see: never the secret. */
export const publicInstanceColumns = {
  id: instances.id,
  name: instances.name,
  kind: instances.kind,
  enabled: instances.enabled,
  endpoint: instances.endpoint,
  lastTestAt: instances.lastTestAt,
  lastTestOk: instances.lastTestOk,
  lastTestMessage: instances.lastTestMessage,
  createdAt: instances.createdAt,
};

export type PublicInstance = {
  id: string;
  name: string;
  kind: InstanceKind;
  enabled: boolean;
  endpoint: string;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastTestMessage: string | null;
  createdAt: Date;
};

export function listInstances(db: Executor): Promise<PublicInstance[]> {
  return db.select(publicInstanceColumns).from(instances).where(isNull(instances.deletedAt)).orderBy(asc(instances.name));
}

export async function getInstance(db: Executor, id: string): Promise<PublicInstance | undefined> {
  const [row] = await db
    .select(publicInstanceColumns)
    .from(instances)
    .where(and(eq(instances.id, id), isNull(instances.deletedAt)));
  return row;
}
