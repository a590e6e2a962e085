import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { BINDING_STATUSES } from "@/components/live-sync/types";
import { usableSearchTerm } from "@/lib/search/term";

/** Store, account, game server or error text (lib/search); shorter than 2 characters searches nothing. */
const parseAsSearch = createParser({
  parse: usableSearchTerm,
  serialize: (v: string) => v,
});

export const bindingsSearchParams = {
  q: parseAsSearch,
  status: parseAsStringLiteral(BINDING_STATUSES),
};

export const loadBindingsSearchParams = createLoader(bindingsSearchParams);
