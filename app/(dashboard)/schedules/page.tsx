import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { listSchedules } from "@/lib/schedules/queries";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { SCHEDULED_CATEGORIES, type LastScheduled } from "@/components/data/queries";
import { SchedulesClient } from "./client";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const user = await requireUser();
  const { db } = appDb();
  const [schedules, ...last] = await Promise.all([
    listSchedules(db),
    ...SCHEDULED_CATEGORIES.map((category) => listSyncSessions(db, { type: "scheduled", category, limit: 1 })),
  ]);
  const lastRuns = Object.fromEntries(SCHEDULED_CATEGORIES.map((c, i) => [c, last[i]?.items[0] ?? null])) as LastScheduled;
  return <SchedulesClient initialSchedules={schedules} initialLastRuns={lastRuns} canWrite={can(userActor(user), "schedule:write")} />;
}
