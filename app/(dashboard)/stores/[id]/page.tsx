import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { listLiveSessions, storeData } from "@/lib/live-sessions/queries";
import type { StoreData } from "@/components/live-sync/types";
import { StoreClient } from "./client";
import { loadStoreSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Store" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function StorePage({ params, searchParams }: Props) {
  await requireUser();
  const [{ id }, { kind }] = await Promise.all([params, loadStoreSearchParams(searchParams)]);
  const { db } = appDb();
  const [data, sessions] = await Promise.all([
    storeData(db, id, { kind }).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) notFound();
      throw err;
    }),
    listLiveSessions(db),
  ]);
  return <StoreClient initialData={data as StoreData} initialSessions={sessions} />;
}
