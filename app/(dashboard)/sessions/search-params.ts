import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { SESSION_FILTER_STATUSES, SYNC_CATEGORIES, SYNC_TYPES } from "@/components/data/types";
import { FAILURE_CLASSES } from "@/lib/failures/classes";
import { usableSearchTerm } from "@/lib/search/term";

/** A calendar day, `YYYY-MM-DD`; anything else in the URL is ignored. */
const parseAsDay = createParser({
  parse: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null),
  serialize: (v: string) => v,
});

/** A user id, or `scheduler` for runs nobody started. */
const parseAsCreator = createParser({ parse: (v) => (v.length > 0 && v.length <= 100 ? v : null), serialize: (v: string) => v });

export const sessionsSearchParams = {
  status: parseAsStringLiteral(SESSION_FILTER_STATUSES),
  type: parseAsStringLiteral(SYNC_TYPES),
  category: parseAsStringLiteral(SYNC_CATEGORIES),
  createdBy: parseAsCreator,
  from: parseAsDay,
  to: parseAsDay,
  q: createParser({ parse: usableSearchTerm, serialize: (v: string) => v }),
  failureClass: parseAsStringLiteral(FAILURE_CLASSES),
};

export const loadSessionsSearchParams = createLoader(sessionsSearchParams);
