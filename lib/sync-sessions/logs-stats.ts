import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { auditLog, instanceRecords, instances, type FailureClass, type InstanceRecordStatus } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getSessionQuery, SESSION_INCLUDES, type SessionInclude } from "./schemas";
import { recordDetails } from "./record-details";
import type { ActorType, RecordLogEvent } from "@/lib/domain/values";

/** `include=logs,stats` → the set asked for; anything else is a 400 naming what is allowed. */
export function parseSessionIncludes(query: unknown): Set<SessionInclude> {
  const q = getSessionQuery.parse(query);
  const parts = q.include ? q.include.split(",") : [];
  const unknown = parts.filter((p) => !(SESSION_INCLUDES as readonly string[]).includes(p));
  if (unknown.length)
    throw new AppError("bad_request:include", `Unknown include ${unknown.join(", ")}: use ${SESSION_INCLUDES.join(" and/or ")}`);
  return new Set(parts as SessionInclude[]);
}

type RecordEvent = RecordLogEvent;

export type SessionLogEntry =
  | {
      at: Date;
      source: "record";
      event: RecordEvent;
      recordId: string;
      instanceId: string;
      instanceName: string;
      attempt: number;
      message: string | null;
      failureClass: FailureClass | null;
      errorDetail: string | null;
      itemsSynced: number | null;
      durationMs: number | null;
      invalidItems: number;
      timings: Record<string, number> | null;
    }
  | {
      at: Date;
      source: "audit";
      event: string;
      actorType: ActorType;
      actorLabel: string;
      details: Record<string, unknown> | null;
    };

/**
 * A batch run's log: each instance record's start and end (status, error, failure class, items,
 * timings) and the audit entries about the session (started, cancelled, edited, retried …), oldest first.
 */
export async function sessionLogs(db: Executor, sessionId: string): Promise<SessionLogEntry[]> {
  const [records, audit] = await Promise.all([
    db
      .select({
        id: instanceRecords.id,
        instanceId: instanceRecords.instanceId,
        instanceName: sql<string>`coalesce(${instanceRecords.instanceName}, ${instances.name})`,
        status: instanceRecords.status,
        startedAt: instanceRecords.startedAt,
        completedAt: instanceRecords.completedAt,
        attempt: instanceRecords.attempt,
        itemsSynced: instanceRecords.itemsSynced,
        errorMessage: instanceRecords.errorMessage,
        failureClass: instanceRecords.failureClass,
        errorDetail: instanceRecords.errorDetail,
        details: recordDetails,
      })
      .from(instanceRecords)
      .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
      .where(eq(instanceRecords.syncSessionId, sessionId)),
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "sync_session"), eq(auditLog.targetId, sessionId)))
      .orderBy(asc(auditLog.id)),
  ]);
  const entries: SessionLogEntry[] = [];
  for (const r of records) {
    const base = { source: "record" as const, recordId: r.id, instanceId: r.instanceId, instanceName: r.instanceName, attempt: r.attempt };
    if (r.startedAt) {
      entries.push({
        ...base,
        at: r.startedAt,
        event: "started",
        message: null,
        failureClass: null,
        errorDetail: null,
        itemsSynced: null,
        durationMs: null,
        invalidItems: 0,
        timings: null,
      });
    }
    const end = terminalEvent(r.status);
    if (end && r.completedAt) {
      entries.push({
        ...base,
        at: r.completedAt,
        event: end,
        message: r.errorMessage,
        failureClass: r.failureClass,
        errorDetail: r.errorDetail,
        itemsSynced: r.itemsSynced,
        durationMs: r.startedAt ? Math.max(0, r.completedAt.getTime() - r.startedAt.getTime()) : null,
        invalidItems: r.details?.invalidItems?.length ?? 0,
        timings: r.details?.timings ?? null,
      });
    }
  }
  for (const a of audit)
    entries.push({
      at: a.createdAt,
      source: "audit",
      event: a.action,
      actorType: a.actorType,
      actorLabel: a.actorLabel,
      details: a.details,
    });
  return entries.sort((x, y) => x.at.getTime() - y.at.getTime());
}

function terminalEvent(status: InstanceRecordStatus): RecordEvent | null {
  return status === "completed" || status === "failed" || status === "cancelled" ? status : null;
}

/** Items, record durations (p50/p95 of finished records) and counts by status and failure class. */
export async function sessionStats(db: Executor, sessionId: string) {
  const [row] = await db.execute<{
    total: number;
    pending: number;
    running: number;
    completed: number;
    failed: number;
    cancelled: number;
    synced: number;
    created: number;
    updated: number;
    deleted: number;
    invalid: number;
    p50: number | null;
    p95: number | null;
    avg: number | null;
    max: number | null;
    classes: Record<string, number> | null;
  }>(sql`
    with r as (
      select status, items_synced, items_created, items_updated, items_deleted, failure_class,
        coalesce(jsonb_array_length(case when jsonb_typeof(details->'invalidItems') = 'array' then details->'invalidItems' end), 0) as invalid,
        case when started_at is not null and completed_at is not null and status in ('completed', 'failed')
          then greatest(0, extract(epoch from completed_at - started_at) * 1000)::float8 end as ms
      from instance_records where sync_session_id = ${sessionId}
    )
    select count(*)::int as total,
      count(*) filter (where status = 'pending')::int as pending, count(*) filter (where status = 'running')::int as running,
      count(*) filter (where status = 'completed')::int as completed, count(*) filter (where status = 'failed')::int as failed,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      coalesce(sum(items_synced), 0)::float8 as synced, coalesce(sum(items_created), 0)::float8 as created,
      coalesce(sum(items_updated), 0)::float8 as updated, coalesce(sum(items_deleted), 0)::float8 as deleted,
      coalesce(sum(invalid), 0)::int as invalid,
      percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.95) within group (order by ms) as p95,
      avg(ms)::float8 as avg, max(ms)::float8 as max,
      (select jsonb_object_agg(failure_class, n) from (select failure_class, count(*)::int as n from r where failure_class is not null group by 1) c) as classes
    from r`);
  const round = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    records: {
      total: row?.total ?? 0,
      pending: row?.pending ?? 0,
      running: row?.running ?? 0,
      completed: row?.completed ?? 0,
      failed: row?.failed ?? 0,
      cancelled: row?.cancelled ?? 0,
    },
    items: {
      synced: Number(row?.synced ?? 0),
      created: Number(row?.created ?? 0),
      updated: Number(row?.updated ?? 0),
      deleted: Number(row?.deleted ?? 0),
      invalid: row?.invalid ?? 0,
    },
    durations: { p50Ms: round(row?.p50), p95Ms: round(row?.p95), avgMs: round(row?.avg), maxMs: round(row?.max) },
    failureClasses: (row?.classes ?? {}) as Partial<Record<FailureClass, number>>,
  };
}

export type SessionStats = Awaited<ReturnType<typeof sessionStats>>;
