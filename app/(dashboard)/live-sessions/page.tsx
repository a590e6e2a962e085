import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listLiveSessions } from "@/lib/live-sessions/queries";
import { LiveSessionsClient } from "./client";

export const metadata: Metadata = { title: "Live sessions" };

export default async function LiveSessionsPage() {
  const user = await requireUser();
  const sessions = await listLiveSessions(appDb().db);
  return <LiveSessionsClient initialSessions={sessions} canControl={can(userActor(user), "live_session:control")} />;
}
