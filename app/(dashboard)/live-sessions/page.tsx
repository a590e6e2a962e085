import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listLiveSessions } from "@/lib/live-sessions/queries";
import { LiveSessionsClient } from "./client";
import { loadLiveSessionsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Live sessions" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function LiveSessionsPage({ searchParams }: Props) {
  const user = await requireUser();
  const { q, failureClass } = await loadLiveSessionsSearchParams(searchParams);
  const sessions = await listLiveSessions(appDb().db, { ...(q ? { q } : {}), ...(failureClass ? { failureClass } : {}) });
  return (
    <LiveSessionsClient
      initialSessions={sessions}
      initialQ={q}
      initialFailureClass={failureClass}
      canControl={can(userActor(user), "live_session:control")}
    />
  );
}
