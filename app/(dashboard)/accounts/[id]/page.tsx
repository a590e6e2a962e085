import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { getAccount } from "@/lib/synced-data/queries";
import { AccountClient } from "./client";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const account = await getAccount(appDb().db, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return <AccountClient initialAccount={account} />;
}
