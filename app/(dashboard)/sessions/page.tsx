import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listInstances } from "@/lib/instances/queries";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { SESSIONS_PAGE_SIZE } from "@/components/data/queries";
import { SessionsClient } from "./client";
import { loadSessionsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Sync sessions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SessionsPage({ searchParams }: Props) {
  const user = await requireUser();
  const filters = await loadSessionsSearchParams(searchParams);
  const { db } = appDb();
  const canStart = can(userActor(user), "sync_session:start");
  const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== null));
  const [firstPage, instances] = await Promise.all([
    listSyncSessions(db, { ...defined, limit: SESSIONS_PAGE_SIZE }, { count: true }),
    canStart ? listInstances(db) : Promise.resolve(null),
  ]);
  return (
    <SessionsClient
      initialFilters={filters}
      initialPage={firstPage}
      canStart={canStart}
      initialInstances={instances}
      me={{ id: user.id, name: user.name }}
      canBulk={can(userActor(user), "bulk_operation:create")}
    />
  );
}
