import type { Wire } from "@/components/data/types";
import type { listApiTokens } from "@/lib/api-tokens/queries";

export type ApiTokenItem = Wire<Awaited<ReturnType<typeof listApiTokens>>[number]>;
