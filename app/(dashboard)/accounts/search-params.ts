import { createLoader, createParser, parseAsBoolean } from "nuqs/server";
import { isUuid } from "@/lib/ids";
import { usableSearchTerm } from "@/lib/search/term";

/** A calendar day, `YYYY-MM-DD`; anything else in the URL is ignored. */
const parseAsDay = createParser({
  parse: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? v : null),
  serialize: (v: string) => v,
});

export const accountsSearchParams = {
  q: createParser({ parse: usableSearchTerm, serialize: (v: string) => v }),
  instanceId: createParser({ parse: (v) => (isUuid(v) ? v : null), serialize: (v: string) => v }),
  superuser: parseAsBoolean,
  canLogin: parseAsBoolean,
  createRole: parseAsBoolean,
  createDb: parseAsBoolean,
  replication: parseAsBoolean,
  bypassRls: parseAsBoolean,
  deleted: parseAsBoolean,
  changedSince: parseAsDay,
};

export const loadAccountsSearchParams = createLoader(accountsSearchParams);
