import { createLoader, createParser, parseAsBoolean, parseAsStringLiteral } from "nuqs/server";
import { usableSearchTerm } from "@/lib/search/term";

export const INSTANCE_TABS = ["accounts", "capacity", "settings", "runs"] as const;
export type InstanceTab = (typeof INSTANCE_TABS)[number];

export const instanceSearchParams = {
  tab: parseAsStringLiteral(INSTANCE_TABS).withDefault("accounts"),
  /** The search of the Accounts or Settings tab, whichever is open. */
  q: createParser({ parse: usableSearchTerm, serialize: (v: string) => v }),
  deleted: parseAsBoolean,
};

export const loadInstanceSearchParams = createLoader(instanceSearchParams);
