import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  alertDeliveries,
  alertRules,
  bindings,
  gameAccounts,
  instanceRecords,
  instances,
  liveSessions,
  stores,
  syncSessions,
  type AlertRule,
} from "@/db/schema";
import { notifyChange } from "@/lib/live/notify";
import { logger } from "@/lib/logger";
import { buildPayload, type AlertPayload } from "./payload";
import type { AlertCondition } from "./schemas";

type Candidate = { rule: AlertRule; dedupeKey: string; payload: AlertPayload };
const RUN_CONDITIONS: AlertCondition[] = ["run_failed", "consecutive_failures", "slow_run"];
/** How far back the sweep re-evaluates finished runs, in case the run's own evaluation was lost. */
const RECHECK_RUNS_MINUTES = 15;

/** Enabled rules that are not muted now, for some conditions. */
export async function activeRules(db: Executor, conditions: AlertCondition[]) {
  return db
    .select()
    .from(alertRules)
    .where(
      and(
        eq(alertRules.enabled, true),
        inArray(alertRules.condition, conditions),
        or(isNull(alertRules.mutedUntil), lte(alertRules.mutedUntil, sql`now()`)),
      ),
    );
}

/** A fact older than the rule, or from while it was muted, is never sent (not even after unmuting). */
function isNewerThanRule(rule: AlertRule, occurredAt: Date) {
  return occurredAt >= rule.createdAt && (!rule.mutedUntil || occurredAt > rule.mutedUntil);
}

function matchesRun(rule: AlertRule, category: string, instanceId: string) {
  return (
    rule.scope === "all" ||
    (rule.scope === "category" && rule.scopeRef === category) ||
    (rule.scope === "instance" && rule.scopeRef === instanceId)
  );
}

/** Inserts what is new (one delivery per rule and dedupe key, however often this runs) and returns the new ids. */
async function insertDeliveries(db: Executor, candidates: Candidate[]): Promise<string[]> {
  if (!candidates.length) return [];
  const rows = await db
    .insert(alertDeliveries)
    .values(candidates.map((c) => ({ ruleId: c.rule.id, dedupeKey: c.dedupeKey, payload: c.payload })))
    .onConflictDoNothing({ target: [alertDeliveries.ruleId, alertDeliveries.dedupeKey] })
    .returning({ id: alertDeliveries.id, ruleId: alertDeliveries.ruleId });
  for (const r of rows) await notifyChange(db, "alert_delivery", r.id, { ruleId: r.ruleId });
  return rows.map((r) => r.id);
}

/** The last N finished records of an instance in a category all failed: the streak's key (the success before it), else null. */
async function failureStreak(db: Executor, instanceId: string, category: string, n: number): Promise<string | null> {
  const finished = sql`${instanceRecords.instanceId} = ${instanceId} and ${syncSessions.syncCategory} = ${category}`;
  const last = await db
    .select({ status: instanceRecords.status })
    .from(instanceRecords)
    .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
    .where(sql`${finished} and ${instanceRecords.status} in ('completed', 'failed')`)
    .orderBy(sql`${instanceRecords.completedAt} desc nulls last`, desc(instanceRecords.id))
    .limit(n);
  if (last.length < n || last.some((r) => r.status !== "failed")) return null;
  const [success] = await db
    .select({ id: instanceRecords.id })
    .from(instanceRecords)
    .innerJoin(syncSessions, eq(syncSessions.id, instanceRecords.syncSessionId))
    .where(sql`${finished} and ${instanceRecords.status} = 'completed'`)
    .orderBy(sql`${instanceRecords.completedAt} desc nulls last`)
    .limit(1);
  return `${instanceId}:${category}:after:${success?.id ?? "start"}`;
}

/** A finished run: its failed records (run_failed, consecutive_failures) and its duration (slow_run). */
export async function evaluateRunFinished(db: Executor, sessionId: string, rules?: AlertRule[]): Promise<string[]> {
  rules ??= await activeRules(db, RUN_CONDITIONS);
  if (!rules.length) return [];
  const [session] = await db
    .select({
      id: syncSessions.id,
      category: syncSessions.syncCategory,
      status: syncSessions.status,
      completedAt: syncSessions.completedAt,
      seconds: sql<number>`extract(epoch from ${syncSessions.completedAt} - ${syncSessions.startedAt})::float8`,
    })
    .from(syncSessions)
    .where(eq(syncSessions.id, sessionId));
  if (!session?.completedAt || (session.status !== "completed" && session.status !== "failed")) return [];
  const records = await db
    .select({
      id: instanceRecords.id,
      instanceId: instanceRecords.instanceId,
      instanceName: instances.name,
      status: instanceRecords.status,
      errorMessage: instanceRecords.errorMessage,
      failureClass: instanceRecords.failureClass,
      completedAt: instanceRecords.completedAt,
      seconds: sql<number | null>`extract(epoch from ${instanceRecords.completedAt} - ${instanceRecords.startedAt})::float8`,
    })
    .from(instanceRecords)
    .innerJoin(instances, eq(instances.id, instanceRecords.instanceId))
    .where(eq(instanceRecords.syncSessionId, sessionId));
  const failed = records.filter((r) => r.status === "failed");
  const category = session.category;
  const candidates: Candidate[] = [];
  const streaks = new Map<string, string | null>();

  for (const rule of rules) {
    for (const rec of rule.condition === "slow_run" ? [] : failed) {
      const occurredAt = rec.completedAt ?? session.completedAt;
      if (!matchesRun(rule, category, rec.instanceId) || !isNewerThanRule(rule, occurredAt)) continue;
      const object = { type: "instance" as const, id: rec.instanceId, name: rec.instanceName };
      const event = {
        type: rule.condition,
        sessionId,
        recordId: rec.id,
        category,
        error: rec.errorMessage,
        failureClass: rec.failureClass,
      };
      if (rule.condition === "run_failed") {
        const message = `${rec.instanceName} failed in a ${category} run: ${rec.errorMessage ?? "no message"}`;
        candidates.push({ rule, dedupeKey: `run_failed:${rec.id}`, payload: buildPayload(rule, { message, event, object, occurredAt }) });
      } else if (rule.condition === "consecutive_failures" && rule.threshold) {
        const key = `${rec.instanceId}:${rule.threshold}`;
        if (!streaks.has(key)) streaks.set(key, await failureStreak(db, rec.instanceId, category, rule.threshold));
        const streak = streaks.get(key);
        if (!streak) continue;
        const message = `${rec.instanceName} failed ${rule.threshold} ${category} syncs in a row; last error: ${rec.errorMessage ?? "no message"}`;
        candidates.push({
          rule,
          dedupeKey: `consecutive_failures:${streak}`,
          payload: buildPayload(rule, { message, event: { ...event, consecutiveFailures: rule.threshold }, object, occurredAt }),
        });
      }
    }
    if (rule.condition !== "slow_run" || !rule.threshold) continue;
    if (!isNewerThanRule(rule, session.completedAt)) continue;
    if (rule.scope === "instance") {
      const rec = records.find((r) => r.instanceId === rule.scopeRef && r.seconds !== null && r.seconds > rule.threshold!);
      if (!rec) continue;
      const message = `${rec.instanceName} took ${Math.round(rec.seconds!)} s to sync ${category} (limit ${rule.threshold} s)`;
      const event = {
        type: "slow_run",
        sessionId,
        recordId: rec.id,
        category,
        durationSeconds: rec.seconds,
        thresholdSeconds: rule.threshold,
      };
      candidates.push({
        rule,
        dedupeKey: `slow_run:${rec.id}`,
        payload: buildPayload(rule, {
          message,
          event,
          object: { type: "instance", id: rec.instanceId, name: rec.instanceName },
          occurredAt: session.completedAt,
        }),
      });
    } else if ((rule.scope === "all" || (rule.scope === "category" && rule.scopeRef === category)) && session.seconds > rule.threshold) {
      const message = `A ${category} run took ${Math.round(session.seconds)} s (limit ${rule.threshold} s)`;
      const event = { type: "slow_run", sessionId, category, durationSeconds: session.seconds, thresholdSeconds: rule.threshold };
      candidates.push({
        rule,
        dedupeKey: `slow_run:${sessionId}`,
        payload: buildPayload(rule, {
          message,
          event,
          object: { type: "sync_session", id: sessionId, name: `${category} run` },
          occurredAt: session.completedAt,
        }),
      });
    }
  }
  return insertDeliveries(db, candidates);
}

/** Live sessions in `error` for longer than a rule's threshold: one delivery per rule and error episode. */
export async function evaluateLiveErrors(db: Executor): Promise<string[]> {
  const rules = await activeRules(db, ["live_error_for"]);
  if (!rules.length) return [];
  const sessions = await db
    .select({
      id: liveSessions.id,
      bindingId: liveSessions.bindingId,
      errorSince: liveSessions.errorSince,
      errorMsg: liveSessions.errorMsg,
      failureClass: liveSessions.failureClass,
      account: gameAccounts.username,
      store: stores.name,
      instanceId: stores.instanceId,
      age: sql<number>`extract(epoch from now() - ${liveSessions.errorSince})::float8`,
    })
    .from(liveSessions)
    .innerJoin(bindings, eq(bindings.id, liveSessions.bindingId))
    .innerJoin(gameAccounts, eq(gameAccounts.id, bindings.gameAccountId))
    .innerJoin(stores, eq(stores.id, bindings.storeId))
    .where(and(eq(liveSessions.state, "error"), sql`${liveSessions.errorSince} is not null`));
  const candidates: Candidate[] = [];
  for (const rule of rules) {
    for (const s of sessions) {
      const matches =
        rule.scope === "all" ||
        (rule.scope === "binding" && rule.scopeRef === s.bindingId) ||
        (rule.scope === "instance" && rule.scopeRef === s.instanceId);
      if (!matches || !rule.threshold || s.age < rule.threshold) continue;
      const name = `${s.account} → ${s.store}`;
      const minutes = Math.floor(s.age / 60);
      const message = `Live session ${name} has been in error for ${minutes >= 1 ? `${minutes} min` : `${Math.round(s.age)} s`}: ${s.errorMsg ?? "no message"}`;
      const event = {
        type: "live_error_for",
        liveSessionId: s.id,
        bindingId: s.bindingId,
        errorSince: s.errorSince!.toISOString(),
        error: s.errorMsg,
        failureClass: s.failureClass,
        thresholdSeconds: rule.threshold,
      };
      const occurredAt = new Date(s.errorSince!.getTime() + rule.threshold * 1000);
      candidates.push({
        rule,
        dedupeKey: `live_error_for:${s.id}:${s.errorSince!.getTime()}`,
        payload: buildPayload(rule, { message, event, object: { type: "binding", id: s.bindingId, name }, occurredAt }),
      });
    }
  }
  return insertDeliveries(db, candidates);
}

/**
 * The minute-by-minute sweep: live sessions in error, runs finished lately (a lost evaluation is made
 * up; dedupe keeps it from sending twice) and deliveries whose start event may have been lost.
 */
export async function sweepAlerts(db: Executor): Promise<string[]> {
  const ids = await evaluateLiveErrors(db);
  const rules = await activeRules(db, RUN_CONDITIONS);
  if (rules.length) {
    const recent = await db
      .select({ id: syncSessions.id })
      .from(syncSessions)
      .where(
        and(
          inArray(syncSessions.status, ["completed", "failed"]),
          gt(syncSessions.completedAt, sql`now() - make_interval(mins => ${RECHECK_RUNS_MINUTES})`),
        ),
      )
      .orderBy(desc(syncSessions.completedAt))
      .limit(200);
    for (const s of recent) ids.push(...(await evaluateRunFinished(db, s.id, rules)));
  }
  const stuck = await db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(
      sql`${alertDeliveries.status} = 'pending' and ${alertDeliveries.attempts} = 0 and ${alertDeliveries.createdAt} between now() - interval '1 day' and now() - interval '2 minutes'`,
    )
    .limit(500);
  return [...new Set([...ids, ...stuck.map((s) => s.id)])];
}

/** For the batch workflow: alerts never fail a sync; the sweep makes up a missed evaluation within a minute. */
export async function evaluateRunFinishedSafely(db: Executor, sessionId: string): Promise<string[]> {
  try {
    return await evaluateRunFinished(db, sessionId);
  } catch (err) {
    logger.warn({ err: (err as Error)?.message, sessionId }, "alert evaluation failed; the sweep will retry");
    return [];
  }
}
