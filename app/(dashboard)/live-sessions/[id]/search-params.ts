import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { STREAMS } from "@/components/live-sync/types";

export const syncLogSearchParams = { stream: parseAsStringLiteral(STREAMS) };

export const loadSyncLogSearchParams = createLoader(syncLogSearchParams);
