import { createLoader, createParser, parseAsStringLiteral } from "nuqs/server";
import { BINDING_STATUSES } from "@/components/live-sync/types";

/** Free text matched against account and store names; trimmed, at most 100 characters. */
const parseAsSearch = createParser({
  parse: (v) => v.trim().slice(0, 100) || null,
  serialize: (v: string) => v,
});

export const bindingsSearchParams = {
  q: parseAsSearch,
  status: parseAsStringLiteral(BINDING_STATUSES),
};

export const loadBindingsSearchParams = createLoader(bindingsSearchParams);
