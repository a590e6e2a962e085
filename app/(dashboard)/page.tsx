import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { appEngineStatus } from "@/lib/engine/app-engine";
import { checkHealth } from "@/lib/health";
import { listInstances } from "@/lib/instances/queries";
import { listSchedules } from "@/lib/schedules/queries";
import { sessionStatistics } from "@/lib/statistics/queries";
import { listSyncSessions } from "@/lib/sync-sessions/queries";
import { recentFailures } from "@/components/data/failures";
import { OverviewClient } from "./_overview/client";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  await requireUser();
  const { db } = appDb();
  const [running, failed, partial, instances, health, schedules, stats24h] = await Promise.all([
    listSyncSessions(db, { status: "running", limit: 50 }),
    listSyncSessions(db, { status: "failed", limit: 10 }),
    listSyncSessions(db, { status: "partial", limit: 10 }),
    listInstances(db),
    checkHealth(db, appEngineStatus()),
    listSchedules(db),
    sessionStatistics(db, { timeframe: "24h" }),
  ]);
  return (
    <OverviewClient
      initial={{
        running,
        failures: recentFailures(failed.items, partial.items),
        instances: { items: instances },
        health,
        schedules: { items: schedules },
        stats24h,
      }}
    />
  );
}
