/**
 * Zod schemas of every JSON body /api/v1 (and /api/health) sends back, and of the one error shape.
 * `lib/api/openapi.ts` turns these, together with the input schemas the verbs parse with, into the
 * OpenAPI document; the route tests check real responses against that document.
 *
 * Objects are closed (`additionalProperties: false` in the document): a field added to a handler's
 * result must be added here too, or the tests fail. Dates are ISO 8601 strings in JSON.
 */
import { z } from "zod";
import { ERROR_KINDS, type ErrorKind } from "@/lib/errors";
import { FAILURE_CLASSES } from "@/lib/failures/classes";
import { SESSION_COUNT_CAP, SYNC_CATEGORIES } from "@/lib/sync-sessions/schemas";
import {
  ACTOR_TYPES,
  ALERT_CONDITIONS,
  ALERT_DELIVERY_STATUSES,
  ALERT_DESTINATIONS,
  ALERT_SCOPES,
  BINDING_STATUSES,
  BULK_ACTIONS,
  BULK_STATUSES,
  ENGINE_MODES,
  INSTANCE_KINDS,
  INSTANCE_RECORD_STATUSES,
  LIVE_SESSION_STATES,
  LIVE_STREAMS,
  LIVE_SYNC_STATUSES,
  RECORD_LOG_EVENTS,
  ROLLUP_GRAINS,
  STATISTICS_TIMEFRAMES,
  SYNCED_CHANGE_KINDS,
  SYNCED_ITEM_KINDS,
  SYNC_LOG_STATUSES,
  SYNC_SESSION_STATUSES,
  SYNC_TYPES,
  TOKEN_ROLES,
  WALLET_KINDS,
} from "@/lib/domain/values";

// ---------------------------------------------------------------------------------------------
// Building blocks

export const dateTime = z.iso.datetime({ offset: true }).describe("ISO 8601 date-time with offset, e.g. 2026-11-24T08:15:00.000Z");
const nullableDateTime = dateTime.nullable();
export const uuid = z.uuid().describe("UUID");
const count = z.number().int().min(0);
/** better-auth user ids are opaque strings. */
const userId = z.string().describe("User id");

export const syncCategory = z.enum(SYNC_CATEGORIES);
export const syncType = z.enum(SYNC_TYPES);
/** Stored statuses; `partial` (a list filter) is `completed` with `failedInstances > 0`. */
export const syncSessionStatus = z.enum(SYNC_SESSION_STATUSES);
export const instanceRecordStatus = z.enum(INSTANCE_RECORD_STATUSES);
export const instanceKind = z.enum(INSTANCE_KINDS);
export const liveStream = z.enum(LIVE_STREAMS);
export const bindingStatus = z.enum(BINDING_STATUSES);
export const liveSessionState = z.enum(LIVE_SESSION_STATES);
export const failureClass = z
  .enum(FAILURE_CLASSES)
  .describe("Why it failed: network, auth, timeout, permission, upstream_data or internal");
const errorDetail = z.string().nullable().describe("The raw error behind the message, secrets removed");
export const liveSyncStatus = z.enum(LIVE_SYNC_STATUSES);
export const tokenRole = z.enum(TOKEN_ROLES);

// ---------------------------------------------------------------------------------------------
// Errors

function errorBody(codePattern: RegExp, codeDescription: string) {
  return z
    .object({
      error: z.object({
        code: z.string().regex(codePattern).describe(codeDescription),
        message: z.string().describe("Readable explanation, safe to show to people"),
        details: z.unknown().optional().describe("Structured context, e.g. validation issues `[{ path, message }]`"),
      }),
    })
    .describe("The one error shape of the API");
}

/** Any error the API returns. */
export const errorBodySchema = errorBody(
  new RegExp(`^(?:(?:${ERROR_KINDS.join("|")}):[a-z0-9_]+|internal)$`),
  "Stable code `<kind>:<entity>`, e.g. `conflict:binding`; `internal` for 500",
);

/** The error body for one status: its code starts with the kind of that status. */
const kindErrorBody = (kind: ErrorKind) => errorBody(new RegExp(`^${kind}:[a-z0-9_]+$`), `\`${kind}:<entity>\``);
export const errorBodyFor = {
  bad_request: kindErrorBody("bad_request"),
  unauthorized: kindErrorBody("unauthorized"),
  forbidden: kindErrorBody("forbidden"),
  not_found: kindErrorBody("not_found"),
  conflict: kindErrorBody("conflict"),
  precondition_failed: kindErrorBody("precondition_failed"),
  precondition_required: kindErrorBody("precondition_required"),
  payload_too_large: kindErrorBody("payload_too_large"),
  unsupported_media_type: kindErrorBody("unsupported_media_type"),
  unavailable: kindErrorBody("unavailable"),
  internal: errorBody(/^internal$/, "`internal`"),
} satisfies Record<ErrorKind | "internal", z.ZodType>;

// ---------------------------------------------------------------------------------------------
// Health

const engineStatus = z.object({
  mode: z.enum(ENGINE_MODES),
  leader: z.boolean().describe("This process runs the embedded engine's queue"),
  activeRuns: count,
  started: z.boolean(),
});

const instance = z.string().nullable().describe("Id of this start of the app (set by npm start), null when started otherwise");

export const healthSchema = z
  .discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      version: z.string(),
      instance,
      database: z.object({ ok: z.literal(true), latencyMs: count }),
      engine: engineStatus.extend({
        pendingRuns: count,
        lagSeconds: count.describe("Age of the oldest due queued run"),
        outbox: z
          .object({ backlog: count, oldestSeconds: count.describe("Age of the oldest event not yet accepted by Inngest") })
          .describe("Events committed for Inngest and not yet relayed (always empty on the embedded engine)"),
      }),
    }),
    z.object({
      ok: z.literal(false),
      version: z.string(),
      instance,
      database: z.object({ ok: z.literal(false), error: z.string() }),
      engine: engineStatus,
    }),
  ])
  .describe("200 when the database answers, 503 otherwise");

// ---------------------------------------------------------------------------------------------
// Sync sessions

/** A sync session as stored (what the mutations return). */
export const syncSessionSchema = z.object({
  id: uuid,
  syncType,
  syncCategory,
  status: syncSessionStatus,
  startedAt: dateTime,
  completedAt: nullableDateTime,
  totalInstances: count,
  successfulInstances: count,
  failedInstances: count,
  createdBy: userId.nullable().describe("User who started it; null for the scheduler and API tokens"),
  createdByToken: uuid.nullable().describe("API token that started it"),
  cancelledBy: userId.nullable(),
  cancelledAt: nullableDateTime,
  cancelledByLabel: z.string().nullable().describe('Who cancelled when it was not a user: "API token <name>" or "scheduler"'),
  failureClass: failureClass.nullable().describe("The most common class among the run's failed instances"),
  retryOf: uuid.nullable().describe("Session this one retries"),
  version: z
    .number()
    .int()
    .positive()
    .describe('Optimistic lock for PUT: send it back as `If-Match: "<version>"` or `version`; also the ETag'),
  label: z.string().nullable().describe("Editable, at most 120 characters; searchable"),
  note: z.string().nullable().describe("Editable, at most 2000 characters"),
});

/** A sync session in lists and detail: with the names of the users involved. */
export const syncSessionListItemSchema = syncSessionSchema.extend({
  createdByName: z.string().nullable(),
  cancelledByName: z.string().nullable(),
});

export const syncSessionPageSchema = z.object({
  items: z.array(syncSessionListItemSchema),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page"),
  total: z
    .number()
    .int()
    .nullable()
    .describe(
      `Sessions matching the filter, counted up to ${SESSION_COUNT_CAP} (then ${SESSION_COUNT_CAP} and \`totalCapped\`); null on pages after the first`,
    ),
  totalCapped: z.boolean().describe(`More than ${SESSION_COUNT_CAP} sessions match`),
});

export const instanceRecordSchema = z.object({
  id: uuid,
  instanceId: uuid,
  instanceName: z.string(),
  endpoint: z.string(),
  status: instanceRecordStatus,
  startedAt: nullableDateTime,
  completedAt: nullableDateTime,
  itemsSynced: count,
  itemsCreated: count,
  itemsUpdated: count,
  itemsDeleted: count,
  errorMessage: z.string().nullable().describe("One line: why it failed, or what was skipped"),
  failureClass: failureClass.nullable(),
  errorDetail,
  details: z
    .object({
      invalidItems: z
        .array(z.object({ item: z.string(), error: z.string() }))
        .optional()
        .describe("Upstream items skipped as invalid"),
      timings: z.record(z.string(), z.number()).optional(),
      errorCode: z.string().optional(),
    })
    .nullable(),
  attempt: count,
  durationMs: z.number().int().nullable(),
});

const recordLogEntry = z.object({
  at: dateTime,
  source: z.literal("record"),
  event: z.enum(RECORD_LOG_EVENTS),
  recordId: uuid,
  instanceId: uuid,
  instanceName: z.string(),
  attempt: count,
  message: z.string().nullable().describe("Error message, or what was skipped"),
  failureClass: failureClass.nullable(),
  errorDetail,
  itemsSynced: count.nullable(),
  durationMs: count.nullable(),
  invalidItems: count.describe("Upstream items skipped as invalid"),
  timings: z.record(z.string(), z.number()).nullable(),
});
const auditLogEntry = z.object({
  at: dateTime,
  source: z.literal("audit"),
  event: z.string().describe("The audit action, e.g. `sync_session.cancel`"),
  actorType: z.enum(ACTOR_TYPES),
  actorLabel: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const sessionLogEntrySchema = z
  .discriminatedUnion("source", [recordLogEntry, auditLogEntry])
  .describe("`record`: an instance record started or ended; `audit`: a change made to the session (start, cancel, edit …)");

export const sessionStatsSchema = z.object({
  records: z.object({ total: count, pending: count, running: count, completed: count, failed: count, cancelled: count }),
  items: z.object({
    synced: count,
    created: count,
    updated: count,
    deleted: count,
    invalid: count.describe("Upstream items skipped as invalid"),
  }),
  durations: z
    .object({ p50Ms: count.nullable(), p95Ms: count.nullable(), avgMs: count.nullable(), maxMs: count.nullable() })
    .describe("Of the records that ran to completion or failure"),
  failureClasses: z.partialRecord(failureClass, count).describe("Records per failure class"),
});

export const syncSessionDetailSchema = syncSessionListItemSchema.extend({
  records: z.array(instanceRecordSchema),
  logs: z.array(sessionLogEntrySchema).optional().describe("With `include=logs`: oldest first"),
  stats: sessionStatsSchema.optional().describe("With `include=stats`"),
});

// ---------------------------------------------------------------------------------------------
// Instances

export const instanceSchema = z
  .object({
    id: uuid,
    name: z.string(),
    kind: instanceKind,
    enabled: z.boolean(),
    endpoint: z.string().describe("Host, port and database; never the credentials"),
    lastTestAt: nullableDateTime,
    lastTestOk: z.boolean().nullable(),
    lastTestMessage: z.string().nullable(),
    createdAt: dateTime,
  })
  .describe("An upstream instance; its connection secret never leaves the server");

export const instanceListSchema = z.object({ items: z.array(instanceSchema) });

export const instanceTestResultSchema = z.object({ ok: z.boolean(), message: z.string() });
export const directoryRefreshedSchema = z.object({ instanceId: z.uuid(), houses: z.number().int(), accounts: z.number().int() });
export const gameAccountTokenSetSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  instanceId: z.uuid(),
  hasToken: z.literal(true),
});
export const instanceDeletedSchema = z.object({
  id: z.uuid(),
  name: z.string().describe("The name it had; its runs and records keep showing it"),
  deleted: z.literal(true),
  recordsKept: z.number().int().describe("Instance records that stay"),
});

// ---------------------------------------------------------------------------------------------
// Bindings and live sessions

export const streamIntervalsSchema = z
  .object({ battles: z.number().int().positive(), wallet: z.number().int().positive(), members: z.number().int().positive() })
  .describe("Seconds between ticks per stream");

export const bindingSchema = z.object({
  id: uuid,
  gameAccountId: uuid,
  storeId: uuid,
  status: bindingStatus,
  createdBy: userId.nullable(),
  createdAt: dateTime,
  unboundAt: nullableDateTime,
  unboundBy: userId.nullable(),
});

export const bindingListItemSchema = z.object({
  id: uuid,
  status: bindingStatus,
  createdAt: dateTime,
  unboundAt: nullableDateTime,
  createdByName: z.string().nullable(),
  gameAccountId: uuid,
  gameAccount: z.string(),
  storeId: uuid,
  store: z.string(),
  instanceName: z.string(),
  liveSessionId: uuid.nullable(),
  state: liveSessionState.nullable(),
  autoSyncEnabled: z.boolean().nullable(),
  syncStatus: liveSyncStatus.nullable(),
  lastSyncAt: nullableDateTime,
  errorMsg: z.string().nullable(),
  nextRetryAt: nullableDateTime,
  version: z.number().int().positive().nullable(),
});

export const bindingListSchema = z.object({ items: z.array(bindingListItemSchema) });

/** A live session as stored (what the mutations return). */
export const liveSessionSchema = z.object({
  id: uuid,
  bindingId: uuid,
  state: liveSessionState,
  autoSyncEnabled: z.boolean(),
  syncStatus: liveSyncStatus,
  lastSyncAt: nullableDateTime,
  errorMsg: z.string().nullable(),
  failureClass: failureClass.nullable(),
  errorDetail,
  errorSince: nullableDateTime.describe("When the session entered `error`; null outside it"),
  retryCount: count,
  nextRetryAt: nullableDateTime,
  intervals: streamIntervalsSchema,
  version: z.number().int().positive().describe("Optimistic lock: send it back as `expectedVersion` or `If-Match`"),
  tickChain: uuid.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const bindResultSchema = z.object({ binding: bindingSchema, liveSession: liveSessionSchema });

const streamSummary = z.object({
  stream: liveStream,
  lastTickAt: nullableDateTime,
  lastError: z.string().nullable(),
  recordsTotal: count,
  recordsPerMinute: z.number().min(0).describe("Average over the last five minutes"),
});

export const liveSessionListItemSchema = z.object({
  id: uuid,
  state: liveSessionState,
  autoSyncEnabled: z.boolean(),
  syncStatus: liveSyncStatus,
  lastSyncAt: nullableDateTime,
  errorMsg: z.string().nullable(),
  failureClass: failureClass.nullable(),
  errorDetail,
  errorSince: nullableDateTime,
  retryCount: count,
  nextRetryAt: nullableDateTime,
  intervals: streamIntervalsSchema,
  version: z.number().int().positive(),
  bindingId: uuid,
  bindingStatus,
  gameAccount: z.string(),
  store: z.string(),
  storeId: uuid,
  streams: z.array(streamSummary),
});

export const liveSessionListSchema = z.object({ items: z.array(liveSessionListItemSchema) });

export const liveSessionDetailSchema = liveSessionSchema.extend({
  bindingStatus,
  gameAccount: z.string(),
  store: z.string(),
  storeId: uuid,
  streams: z.array(streamSummary.extend({ lastSuccessAt: nullableDateTime })),
});

export const syncLogSchema = z.object({
  id: z.number().int().positive(),
  liveSessionId: uuid,
  stream: liveStream,
  startedAt: dateTime,
  finishedAt: nullableDateTime,
  recordsSynced: count,
  status: z.enum(SYNC_LOG_STATUSES),
  error: z.string().nullable(),
  failureClass: failureClass.nullable().describe("Set on failed ticks and on ticks that skipped malformed items"),
  errorDetail,
});

export const syncLogPageSchema = z.object({
  items: z.array(syncLogSchema),
  nextBefore: z.number().int().positive().nullable().describe("Pass as `before` for the next page; null on the last page"),
});

// ---------------------------------------------------------------------------------------------
// Store data

const battleRecord = z.object({
  storeId: uuid,
  externalId: z.string(),
  playedAt: dateTime,
  players: z.array(z.object({ playerId: z.string(), score: z.number().int(), won: z.boolean() })),
  syncedAt: dateTime,
});
const walletTransaction = z.object({
  storeId: uuid,
  externalId: z.string(),
  playerId: z.string(),
  kind: z.enum(WALLET_KINDS),
  amountCents: z.number().int().describe("Signed: recharges positive, withdrawals negative"),
  occurredAt: dateTime,
  syncedAt: dateTime,
});
const storeMember = z.object({
  storeId: uuid,
  playerId: z.string(),
  nickname: z.string(),
  role: z.string(),
  joinedAt: nullableDateTime,
  leftAt: nullableDateTime.describe("Set once the member left; kept for history"),
  updatedAt: dateTime,
});
const playerStat = z.object({
  storeId: uuid,
  playerId: z.string(),
  games: count,
  wins: count,
  scoreTotal: z.number().int(),
  updatedAt: dateTime,
});

const storeDataBase = {
  store: z.object({ id: uuid, name: z.string() }),
  counts: z.object({ battles: count, wallet: count, members: count.describe("Current members (not those who left)") }),
};

export const storeDataSchema = z
  .discriminatedUnion("kind", [
    z.object({ ...storeDataBase, kind: z.literal("battles"), items: z.array(battleRecord).describe("Newest first") }),
    z.object({ ...storeDataBase, kind: z.literal("wallet"), items: z.array(walletTransaction).describe("Newest first") }),
    z.object({ ...storeDataBase, kind: z.literal("members"), items: z.array(storeMember).describe("Current members first, by nickname") }),
    z.object({ ...storeDataBase, kind: z.literal("stats"), items: z.array(playerStat).describe("Highest score first") }),
  ])
  .describe("A store's synced data of one kind");

// ---------------------------------------------------------------------------------------------
// Statistics

const rate = z.number().min(0).max(1);

export const statisticsSchema = z.object({
  timeframe: z.enum(STATISTICS_TIMEFRAMES),
  category: syncCategory.nullable(),
  bucket: z.enum(ROLLUP_GRAINS).describe("Width of the time buckets below"),
  totals: z.object({
    runs: count.describe("Runs started in the range, running ones included"),
    successRate: rate.nullable().describe("Share of finished runs (not cancelled, not running) without a failed instance"),
    instanceSuccessRate: rate.nullable().describe("Share of the instances of ended runs that did not fail"),
  }),
  runsOverTime: z
    .array(z.object({ bucket: dateTime, completed: count, partial: count, failed: count, cancelled: count, running: count }))
    .describe("Runs by start time per UTC hour (24h) or UTC day; only buckets with runs"),
  durations: z
    .array(z.object({ category: syncCategory, runs: count, p50_ms: z.number().int().nullable(), p95_ms: z.number().int().nullable() }))
    .describe(
      "Per category, finished runs that were not cancelled; p50/p95 are estimated from the pre-aggregated duration histogram (linear within a histogram bucket, capped by the longest run), not exact",
    ),
  itemsOverTime: z
    .array(z.object({ bucket: dateTime, synced: count }))
    .describe("Items synced by runs that ended, per bucket of their start"),
  topFailingInstances: z.array(
    z.object({ instanceId: uuid, name: z.string(), failures: count, lastError: z.string().nullable(), lastFailedAt: dateTime }),
  ),
  failureClasses: z
    .array(z.object({ failureClass, sessions: count, records: count, ticks: count }))
    .describe(
      "Failures per class in the range: runs, failed instance records, failed live ticks (none when a category is chosen); all classes, most first",
    ),
});

// ---------------------------------------------------------------------------------------------
// Schedules

export const scheduleSchema = z.object({
  category: syncCategory,
  cron: z.string().describe("Five-field cron expression"),
  enabled: z.boolean(),
  lastFiredAt: nullableDateTime,
  updatedAt: dateTime,
  updatedBy: userId.nullable(),
});

export const scheduleListItemSchema = scheduleSchema.extend({ nextRunAt: nullableDateTime.describe("Null while disabled") });
export const scheduleListSchema = z.object({ items: z.array(scheduleListItemSchema) });

// ---------------------------------------------------------------------------------------------
// Audit

export const auditEntrySchema = z.object({
  id: z.number().int().positive(),
  actorType: z.enum(ACTOR_TYPES),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string().describe("e.g. `sync_session.cancel`"),
  targetType: z.string(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  createdAt: dateTime,
});

export const auditPageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextBefore: z.number().int().positive().nullable().describe("Pass as `before` for the next page; null on the last page"),
});

export const auditCsvSchema = z
  .string()
  .describe("RFC 4180 CSV: id, created_at, actor_type, actor_id, actor, action, target_type, target_id, details (JSON)");

// ---------------------------------------------------------------------------------------------
// API tokens

export const apiTokenSchema = z.object({
  id: uuid,
  name: z.string(),
  role: tokenRole,
  prefix: z.string().describe("First characters of the token, to recognise it"),
  createdAt: dateTime,
  createdByName: z.string().nullable(),
  expiresAt: nullableDateTime,
  revokedAt: nullableDateTime,
  lastUsedAt: nullableDateTime,
});

export const apiTokenListSchema = z.object({ items: z.array(apiTokenSchema) });

export const createdApiTokenSchema = z.object({
  id: uuid,
  name: z.string(),
  role: tokenRole,
  prefix: z.string(),
  expiresAt: nullableDateTime,
  createdAt: dateTime,
  token: z
    .string()
    .regex(/^sdk_[A-Za-z0-9_-]+$/)
    .describe("The bearer token; shown in this response only"),
});

export const revokedApiTokenSchema = z.object({ id: uuid, name: z.string(), revokedAt: dateTime });

// ---------------------------------------------------------------------------------------------
// Alerts

export const alertRuleSchema = z.object({
  id: uuid,
  name: z.string(),
  scope: z.enum(ALERT_SCOPES),
  scopeRef: z.string().nullable().describe("Binding id, instance id or category; null for `all`"),
  scopeName: z.string().nullable().describe("What the scope points at, in words (null when it was deleted)"),
  condition: z.enum(ALERT_CONDITIONS),
  threshold: z.number().int().nullable().describe("N for consecutive_failures; seconds for live_error_for and slow_run"),
  destination: z.enum(ALERT_DESTINATIONS),
  destinationHost: z.string().describe("Host (and port) of the destination URL; the URL itself is never returned"),
  hasSigningSecret: z.boolean(),
  enabled: z.boolean(),
  mutedUntil: nullableDateTime.describe("Muted until then; null when not muted"),
  version: z.number().int().positive(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

export const alertRuleListSchema = z.object({ items: z.array(alertRuleSchema) });

export const alertDeliverySchema = z.object({
  id: uuid,
  ruleId: uuid,
  ruleName: z.string(),
  status: z.enum(ALERT_DELIVERY_STATUSES).describe("`pending` while attempts remain"),
  attempts: count,
  responseStatus: z.number().int().nullable().describe("HTTP status of the last attempt"),
  lastError: z.string().nullable().describe("Why the last attempt failed (never the URL's path, query or the secret)"),
  isTest: z.boolean(),
  summary: z.string().describe("The alert's message"),
  createdAt: dateTime,
  deliveredAt: nullableDateTime,
});

export const alertDeliveryListSchema = z.object({ items: z.array(alertDeliverySchema) });

// ---------------------------------------------------------------------------------------------
// Search

export const instanceRecordHitSchema = z.object({
  id: uuid,
  sessionId: uuid,
  sessionStartedAt: dateTime,
  syncCategory,
  instanceId: uuid,
  instanceName: z.string(),
  status: instanceRecordStatus,
  errorMessage: z.string().nullable(),
});

const hits = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), more: z.boolean().describe("More matched than `limit`") });

export const searchResultsSchema = z
  .object({
    q: z.string().describe("The term, trimmed"),
    sessions: hits(syncSessionListItemSchema).describe("By instance name, error text or label (or id), newest first"),
    instanceRecords: hits(instanceRecordHitSchema).describe(
      "Records whose instance name or error matches, within the newest matching sessions",
    ),
    bindings: hits(bindingListItemSchema).describe("By store, game account (name or id), game server or error"),
    liveSessions: hits(liveSessionListItemSchema).describe("By store, game account (name or id), game server or error"),
  })
  .describe("What the header's search box shows, grouped");

// ---------------------------------------------------------------------------------------------
// Bulk operations

export const bulkOperationSchema = z.object({
  id: uuid,
  action: z.enum(BULK_ACTIONS),
  selection: z
    .object({ ids: z.array(uuid).optional(), filter: z.record(z.string(), z.unknown()).optional() })
    .describe("What was selected: explicit ids, or the list filter whose matches were resolved when the operation was created"),
  status: z.enum(BULK_STATUSES).describe("`failed` only when every item failed"),
  total: count.describe("Items the operation touches"),
  processed: count,
  succeeded: count,
  skipped: count.describe("Already in the target state (e.g. a session that had ended): nothing to do"),
  failed: count,
  errors: z.array(z.object({ id: uuid, message: z.string() })).describe("The first 100 items that failed and why"),
  idempotencyKey: z.string().nullable(),
  createdBy: userId.nullable(),
  createdByName: z.string().nullable(),
  createdByToken: uuid.nullable(),
  createdAt: dateTime,
  finishedAt: nullableDateTime,
});

export const bulkOperationListSchema = z.object({ items: z.array(bulkOperationSchema) });

// ---------------------------------------------------------------------------------------------

/** The OpenAPI document itself, loosely: its own schema is the OpenAPI 3.1 specification. */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

// ---------------------------------------------------------------------------------------------
// Synced data: accounts, capacity, settings and each run's changes

const nextCursor = z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page");

export const accountSchema = z.object({
  id: uuid,
  instanceId: uuid,
  instanceName: z.string(),
  name: z.string().describe("PostgreSQL: role name. MySQL/MariaDB: `user@host`, or a role's bare name"),
  kind: z.enum(["role", "user"]).describe("PostgreSQL: a role that can log in is a user. MySQL/MariaDB: `user@host` is a user"),
  canLogin: z.boolean(),
  superuser: z.boolean(),
  createDb: z.boolean(),
  createRole: z.boolean(),
  replication: z.boolean(),
  bypassRls: z.boolean(),
  inherit: z.boolean().nullable().describe("PostgreSQL INHERIT; null where the server has no such attribute"),
  locked: z.boolean(),
  expired: z.boolean(),
  connectionLimit: z.number().int().describe("-1: no limit"),
  validUntil: z.string().nullable().describe("ISO date-time, `infinity` (set, never expires) or null (never set)"),
  memberOf: z.array(z.string()),
  adminOf: z.array(z.string()).describe("The memberships held WITH ADMIN OPTION"),
  privileges: z
    .record(z.string(), z.unknown())
    .describe(
      "Everything else stored, all direct grants: `databases` and `schemas` (by name), PostgreSQL `bypassRls`, `inherit`, `adminOf`; MySQL/MariaDB `global`, `schemas`, `tables` (table and column grants summarised per schema: `{ tables, privileges, columns, columnPrivileges }`), `locked`, `passwordExpired`",
    ),
  inherited: z
    .object({
      roles: z.array(z.string()).describe("Every role it belongs to, directly or through other roles"),
      superuser: z.boolean().describe("One of those roles is a superuser"),
      global: z.array(z.string()),
      databases: z.record(z.string(), z.array(z.string())),
      schemas: z.record(z.string(), z.array(z.string())),
    })
    .describe("Derived when read, not stored: the grants of its roles (none listed for a PostgreSQL NOINHERIT role)"),
  firstSeenAt: dateTime,
  lastChangedAt: dateTime,
  lastSyncedAt: dateTime,
  deletedAt: nullableDateTime,
});
export const accountPageSchema = z.object({ items: z.array(accountSchema), nextCursor });

export const changeAttributeSchema = z.object({
  name: z.string(),
  before: z.unknown().describe("null for a created item"),
  after: z.unknown().describe("null for a deleted item"),
  added: z.array(z.unknown()).optional().describe("For lists (e.g. memberOf): what is new"),
  removed: z.array(z.unknown()).optional().describe("For lists: what went"),
  delta: z.number().optional().describe("For sizes: after − before, in bytes"),
});
export const syncedChangeSchema = z.object({
  sessionId: uuid,
  recordId: uuid,
  instanceId: uuid,
  instanceName: z.string().describe("The instance's name at the time of the run"),
  kind: z.enum(SYNCED_ITEM_KINDS),
  item: z.string().describe("The account, database (or schema) or setting name"),
  change: z.enum(SYNCED_CHANGE_KINDS),
  at: nullableDateTime,
  attributes: z.array(changeAttributeSchema),
});
export const syncedChangePageSchema = z.object({ items: z.array(syncedChangeSchema), nextCursor });
export const accountDetailSchema = accountSchema.extend({
  timeline: z.array(syncedChangeSchema).describe("The account's changes across runs, newest first (the last 500)"),
});

export const capacitySchema = z.object({
  from: dateTime,
  to: dateTime,
  databases: z.array(
    z.object({
      databaseName: z.string(),
      latestBytes: z.number(),
      growthBytesPerDay: z.number().nullable().describe("Between the window's first and last sample; null under an hour apart"),
      points: z.array(z.object({ at: dateTime, bytes: z.number() })),
    }),
  ),
});

export const settingSchema = z.object({
  name: z.string(),
  value: z.string().nullable(),
  unit: z.string().nullable(),
  source: z.string().nullable(),
  firstSeenAt: dateTime,
  lastChangedAt: dateTime,
  lastSyncedAt: dateTime,
});
export const settingPageSchema = z.object({ items: z.array(settingSchema), nextCursor });

export const instanceRunSchema = z.object({
  id: uuid,
  sessionId: uuid,
  category: syncCategory,
  status: instanceRecordStatus,
  startedAt: nullableDateTime,
  completedAt: nullableDateTime,
  itemsSynced: count,
  itemsCreated: count,
  itemsUpdated: count,
  itemsDeleted: count,
  errorMessage: z.string().nullable(),
});
export const instanceRunPageSchema = z.object({ items: z.array(instanceRunSchema), nextCursor });
