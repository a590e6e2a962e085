import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { sessionStatistics } from "@/lib/statistics/queries";
import { StatisticsClient } from "./client";
import { loadStatisticsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Statistics" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StatisticsPage({ searchParams }: Props) {
  await requireUser();
  const { timeframe, category } = await loadStatisticsSearchParams(searchParams);
  const stats = await sessionStatistics(appDb().db, { timeframe, ...(category ? { category } : {}) });
  return <StatisticsClient initial={stats} />;
}
