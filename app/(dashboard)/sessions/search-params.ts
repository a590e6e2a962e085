import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { SESSION_STATUSES } from "@/components/data/types";

export const sessionsSearchParams = { status: parseAsStringLiteral(SESSION_STATUSES) };

export const loadSessionsSearchParams = createLoader(sessionsSearchParams);
