import type { Metadata } from "next";
import { appDb } from "@/db/client";
import { listAudit } from "@/lib/audit/queries";
import { requireUser } from "@/lib/auth/server";
import { AuditClient } from "./client";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  await requireUser();
  const firstPage = await listAudit(appDb().db, { limit: 100 });
  return <AuditClient initialPage={firstPage} />;
}
