import { createLoader, parseAsStringLiteral } from "nuqs/server";
import { STORE_KINDS } from "@/components/live-sync/types";

export const storeSearchParams = { kind: parseAsStringLiteral(STORE_KINDS).withDefault("battles") };

export const loadStoreSearchParams = createLoader(storeSearchParams);
