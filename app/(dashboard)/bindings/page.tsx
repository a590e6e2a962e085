import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { bindingChoices, listBindings } from "@/lib/bindings/queries";
import { BindingsClient } from "./client";
import { loadBindingsSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Bindings" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function BindingsPage({ searchParams }: Props) {
  const user = await requireUser();
  const filters = await loadBindingsSearchParams(searchParams);
  const { db } = appDb();
  const canWrite = can(userActor(user), "binding:write");
  const [bindings, choices] = await Promise.all([
    listBindings(db, { q: filters.q ?? undefined, status: filters.status ?? undefined }),
    canWrite ? bindingChoices(db) : Promise.resolve(null),
  ]);
  return <BindingsClient initialFilters={filters} initialBindings={bindings} choices={choices} />;
}
