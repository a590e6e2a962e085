import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { getLiveSession } from "@/lib/live-sessions/queries";
import { AppError } from "@/lib/errors";
import { listSyncLogs } from "@/lib/live-sessions/queries";
import { SYNC_LOG_PAGE_SIZE } from "@/components/live-sync/queries";
import { LiveSessionClient } from "./client";
import { loadSyncLogSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Live session" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LiveSessionPage({ params, searchParams }: Props) {
  const user = await requireUser();
  const [{ id }, { stream }] = await Promise.all([params, loadSyncLogSearchParams(searchParams)]);
  const { db } = appDb();
  const [session, logs] = await Promise.all([
    getLiveSession(db, id),
    listSyncLogs(db, id, { limit: SYNC_LOG_PAGE_SIZE, stream: stream ?? undefined }),
  ]).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return (
    <LiveSessionClient
      initialSession={session}
      initialLogs={{ stream, page: logs }}
      canControl={can(userActor(user), "live_session:control")}
    />
  );
}
