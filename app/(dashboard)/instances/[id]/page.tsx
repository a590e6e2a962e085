import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { requireUser } from "@/lib/auth/server";
import { isUuid } from "@/lib/ids";
import { getInstance } from "@/lib/instances/queries";
import { InstanceClient } from "./client";

export const metadata: Metadata = { title: "Instance" };

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const instance = isUuid(id) ? await getInstance(appDb().db, id) : undefined;
  if (!instance) notFound();
  return <InstanceClient instance={instance} />;
}
