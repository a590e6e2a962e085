import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { SYNC_CATEGORIES, TIMEFRAMES } from "@/components/data/types";

export const statisticsSearchParams = {
  timeframe: parseAsStringLiteral(TIMEFRAMES).withDefault("7d"),
  category: parseAsStringLiteral(SYNC_CATEGORIES),
};

export const loadStatisticsSearchParams = createLoader(statisticsSearchParams);
