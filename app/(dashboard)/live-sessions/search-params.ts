import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { FAILURE_CLASSES } from "@/lib/failures/classes";
import { usableSearchTerm } from "@/lib/search/term";

/** `q`: store, account, game server or error text (lib/search); shorter than 2 characters searches nothing. */
export const liveSessionsSearchParams = {
  q: createParser({ parse: usableSearchTerm, serialize: (v: string) => v }),
  /** Only sessions in error with this failure class. */
  failureClass: parseAsStringLiteral(FAILURE_CLASSES),
};

export const loadLiveSessionsSearchParams = createLoader(liveSessionsSearchParams);
