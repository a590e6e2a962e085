import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { listInstances } from "@/lib/instances/queries";
import { listAccounts } from "@/lib/synced-data/queries";
import { SYNCED_PAGE_SIZE, accountsApiParams } from "@/components/synced-data/queries";
import { AccountsClient } from "./client";
import { loadAccountsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Accounts" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountsPage({ searchParams }: Props) {
  await requireUser();
  const filters = await loadAccountsSearchParams(searchParams);
  const { db } = appDb();
  const [firstPage, instances] = await Promise.all([
    listAccounts(db, { ...accountsApiParams(filters), limit: String(SYNCED_PAGE_SIZE) }),
    listInstances(db),
  ]);
  return (
    <AccountsClient
      initialFilters={filters}
      initialPage={firstPage}
      instances={instances.filter((i) => i.kind !== "game_server").map((i) => ({ id: i.id, name: i.name }))}
    />
  );
}
