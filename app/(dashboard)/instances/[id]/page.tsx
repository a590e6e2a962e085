import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { gameServerDirectory } from "@/lib/game-server/directory";
import { isUuid } from "@/lib/ids";
import { getInstance } from "@/lib/instances/queries";
import { InstanceClient } from "./client";

export const metadata: Metadata = { title: "Instance" };

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const { db } = appDb();
  const instance = isUuid(id) ? await getInstance(db, id) : undefined;
  if (!instance) notFound();
  const directory = instance.kind === "game_server" ? await gameServerDirectory(db, instance.id) : null;
  return <InstanceClient instance={instance} directory={directory} canWrite={can(userActor(user), "instance:write")} />;
}
