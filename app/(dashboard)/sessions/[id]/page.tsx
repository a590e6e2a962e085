import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { AppError } from "@/lib/errors";
import { getSyncSession } from "@/lib/sync-sessions/queries";
import { SessionDetailClient } from "./client";

export const metadata: Metadata = { title: "Sync session" };

export default async function SessionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const actor = userActor(user);
  const { id } = await params;
  const session = await getSyncSession(appDb().db, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return (
    <SessionDetailClient
      initialSession={session}
      canCancel={can(actor, "sync_session:cancel")}
      canRetry={can(actor, "sync_session:retry")}
      canEdit={can(actor, "sync_session:edit")}
      me={{ id: user.id, name: user.name }}
    />
  );
}
