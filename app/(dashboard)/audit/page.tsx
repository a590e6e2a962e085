import type { Metadata } from "next";
import { ZodError } from "zod";
import { appDb } from "@/db/client";
import { auditFacets, listAudit } from "@/lib/audit/queries";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { AUDIT_PAGE_SIZE } from "@/components/data/queries";
import { AuditClient } from "./client";
import { loadAuditSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const user = await requireUser();
  const filters = await loadAuditSearchParams(searchParams);
  const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== null));
  const { db } = appDb();
  // A from after to is a 400 in the API; here it simply matches nothing.
  const [firstPage, facets] = await Promise.all([
    listAudit(db, { ...defined, limit: AUDIT_PAGE_SIZE }).catch((err: unknown) => {
      if (err instanceof ZodError) return { items: [], nextBefore: null };
      throw err;
    }),
    auditFacets(db),
  ]);
  return (
    <AuditClient
      initialFilters={filters}
      initialPage={JSON.parse(JSON.stringify(firstPage))}
      facets={facets}
      canSeeTokens={can(userActor(user), "api_token:write")}
    />
  );
}
