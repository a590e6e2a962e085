/**
 * The OpenAPI 3.1 document of /api/v1 (and /api/health), built from a registry of operations whose
 * request and response bodies are the zod schemas the handlers parse with (lib/**) and the response
 * schemas of lib/api/schemas.ts. Served at GET /api/v1/openapi.json and rendered at /api-docs.
 */
import { z } from "zod";
import { listDeliveriesQuery } from "@/lib/alerts/schemas";
import { createApiTokenInput } from "@/lib/api-tokens/schemas";
import { alertRuleBodies } from "@/lib/alerts/api-bodies";
import { auditFilterQuery, listAuditQuery } from "@/lib/audit/queries";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { listBindingsQuery } from "@/lib/bindings/queries";
import { bindInput } from "@/lib/bindings/schemas";
import { createBulkOperationInput, listBulkOperationsQuery } from "@/lib/bulk/schemas";
import { APP_VERSION } from "@/lib/health";
import { analyticsQuery, sessionAnalyticsSchema } from "@/lib/analytics/schemas";
import { setGameAccountTokenInput } from "@/lib/game-server/directory-inputs";
import { createInstanceInput, updateInstanceInput } from "@/lib/instances/schemas";
import { listLiveSessionsQuery, listSyncLogsQuery, storeDataQuery } from "@/lib/live-sessions/queries";
import { setActiveInput, setAutoSyncInput, updateIntervalsInput } from "@/lib/live-sessions/schemas";
import { updateScheduleInput } from "@/lib/schedules/update";
import { searchQuery } from "@/lib/search/queries";
import { statisticsQuery } from "@/lib/statistics/queries";
import { getSessionQuery, listSessionsQuery, startBatchInput, updateSessionInput } from "@/lib/sync-sessions/schemas";
import {
  capacityQuery,
  listAccountsQuery,
  listChangesQuery,
  listInstanceAccountsQuery,
  listInstanceRunsQuery,
  listSettingsQuery,
} from "@/lib/synced-data/queries";
import * as r from "./schemas";

// ---------------------------------------------------------------------------------------------
// Request bodies: the verbs' input schemas without the fields the handler takes from the path.

/** PATCH /api/v1/live-sessions/{id}: the handler splits it into updateStreamIntervals and setLiveSessionActive. */
export const patchLiveSessionBody = z
  .object({
    active: setActiveInput.shape.active.optional().describe("false deactivates (streams stop, data kept); true reactivates"),
    intervals: updateIntervalsInput.shape.intervals.optional().describe("Seconds between ticks, per stream; omitted streams keep theirs"),
    expectedVersion: updateIntervalsInput.shape.expectedVersion.describe(
      "The version you last saw; a stale one is a 412. `If-Match` sets it too",
    ),
  })
  .strict()
  .describe("Send either `active` or `intervals` (one change per request)");

export const setAutoSyncBody = setAutoSyncInput.omit({ liveSessionId: true });
export const updateInstanceBody = updateInstanceInput.omit({ instanceId: true }).describe("Any of name, enabled and connectionUrl");

/** PUT /api/v1/sessions/{id}: the editable properties, and the version (or `If-Match`). */
export const updateSessionBody = z
  .object({
    label: updateSessionInput.shape.label.describe("At most 120 characters; null or empty clears it"),
    note: updateSessionInput.shape.note.describe("At most 2000 characters; null or empty clears it"),
    version: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("The version you last saw (or send `If-Match`); 428 without either, 412 when stale"),
  })
  .strict()
  .describe("Omitted properties are kept; send at least one");

/** Named request bodies → components.schemas (converted as inputs: defaults optional, coercions as their target). */
const REQUEST_SCHEMAS = {
  StartBatchInput: startBatchInput,
  CreateInstanceInput: createInstanceInput,
  UpdateInstanceInput: updateInstanceBody,
  SetGameAccountTokenInput: setGameAccountTokenInput.omit({ gameAccountId: true }).describe("The new token"),
  UpdateSyncSessionInput: updateSessionBody,
  BindInput: bindInput,
  PatchLiveSessionInput: patchLiveSessionBody,
  SetAutoSyncInput: setAutoSyncBody,
  UpdateScheduleInput: updateScheduleInput,
  CreateApiTokenInput: createApiTokenInput,
  CreateBulkOperationInput: createBulkOperationInput,
  CreateAlertRuleInput: alertRuleBodies.create,
  UpdateAlertRuleInput: alertRuleBodies.update,
  MuteAlertRuleInput: alertRuleBodies.mute,
} satisfies Record<string, z.ZodType>;

/** Named response bodies → components.schemas. */
const RESPONSE_SCHEMAS = {
  DateTime: r.dateTime,
  Uuid: r.uuid,
  Health: r.healthSchema,
  SyncSession: r.syncSessionSchema,
  SyncSessionListItem: r.syncSessionListItemSchema,
  SyncSessionPage: r.syncSessionPageSchema,
  InstanceRecord: r.instanceRecordSchema,
  SyncSessionDetail: r.syncSessionDetailSchema,
  Instance: r.instanceSchema,
  InstanceList: r.instanceListSchema,
  InstanceTestResult: r.instanceTestResultSchema,
  InstanceDeleted: r.instanceDeletedSchema,
  DirectoryRefreshed: r.directoryRefreshedSchema,
  GameAccountTokenSet: r.gameAccountTokenSetSchema,
  StreamIntervals: r.streamIntervalsSchema,
  Binding: r.bindingSchema,
  BindingListItem: r.bindingListItemSchema,
  BindingList: r.bindingListSchema,
  LiveSession: r.liveSessionSchema,
  BindResult: r.bindResultSchema,
  LiveSessionListItem: r.liveSessionListItemSchema,
  LiveSessionList: r.liveSessionListSchema,
  LiveSessionDetail: r.liveSessionDetailSchema,
  SyncLog: r.syncLogSchema,
  SyncLogPage: r.syncLogPageSchema,
  StoreData: r.storeDataSchema,
  Statistics: r.statisticsSchema,
  Schedule: r.scheduleSchema,
  ScheduleListItem: r.scheduleListItemSchema,
  ScheduleList: r.scheduleListSchema,
  AuditEntry: r.auditEntrySchema,
  AuditPage: r.auditPageSchema,
  AuditCsv: r.auditCsvSchema,
  ApiToken: r.apiTokenSchema,
  ApiTokenList: r.apiTokenListSchema,
  CreatedApiToken: r.createdApiTokenSchema,
  RevokedApiToken: r.revokedApiTokenSchema,
  BulkOperation: r.bulkOperationSchema,
  BulkOperationList: r.bulkOperationListSchema,
  AlertRule: r.alertRuleSchema,
  AlertRuleList: r.alertRuleListSchema,
  AlertDelivery: r.alertDeliverySchema,
  AlertDeliveryList: r.alertDeliveryListSchema,
  InstanceRecordHit: r.instanceRecordHitSchema,
  SearchResults: r.searchResultsSchema,
  SessionLogEntry: r.sessionLogEntrySchema,
  SessionStats: r.sessionStatsSchema,
  SessionAnalytics: sessionAnalyticsSchema,
  Account: r.accountSchema,
  AccountPage: r.accountPageSchema,
  AccountDetail: r.accountDetailSchema,
  SyncedChange: r.syncedChangeSchema,
  SyncedChangePage: r.syncedChangePageSchema,
  Capacity: r.capacitySchema,
  Setting: r.settingSchema,
  SettingPage: r.settingPageSchema,
  InstanceRun: r.instanceRunSchema,
  InstanceRunPage: r.instanceRunPageSchema,
  OpenApiDocument: r.openApiDocumentSchema,
  ErrorBody: r.errorBodySchema,
} satisfies Record<string, z.ZodType>;

type RequestName = keyof typeof REQUEST_SCHEMAS;
type ResponseName = keyof typeof RESPONSE_SCHEMAS;

/** Error responses by status: components.responses and components.schemas share these names. */
export const ERROR_RESPONSES = {
  400: {
    name: "BadRequestError",
    kind: "bad_request",
    description: "Invalid input: malformed JSON, a failed validation or an unknown field",
  },
  401: { name: "UnauthorizedError", kind: "unauthorized", description: "No valid bearer token or session cookie" },
  403: {
    name: "ForbiddenError",
    kind: "forbidden",
    description: "Your role may not do this, or a cookie-authenticated mutation came from another site",
  },
  404: { name: "NotFoundError", kind: "not_found", description: "No such object" },
  409: { name: "ConflictError", kind: "conflict", description: "The object's state does not allow this now" },
  412: { name: "PreconditionFailedError", kind: "precondition_failed", description: "The object changed since the version you sent" },
  415: {
    name: "UnsupportedMediaTypeError",
    kind: "unsupported_media_type",
    description: "With the session cookie, a body (or Content-Type) that is not `application/json`",
  },
  428: {
    name: "PreconditionRequiredError",
    kind: "precondition_required",
    description: "Send the version you last saw (`If-Match` or `version`)",
  },
  503: { name: "UnavailableError", kind: "unavailable", description: "An upstream it depends on could not be reached" },
  500: { name: "InternalError", kind: "internal", description: "Something went wrong on our side; it has been logged" },
} as const;

export type ErrorStatus = Exclude<keyof typeof ERROR_RESPONSES, 500>;

// ---------------------------------------------------------------------------------------------
// The registry of operations

export const TAGS = [
  { name: "Sessions", description: "Batch sync sessions across database instances: start, list, inspect, cancel, retry." },
  { name: "Instances", description: "Upstream PostgreSQL/MySQL databases and game servers." },
  { name: "Bindings", description: "Game accounts bound to stores; each binding has one live session." },
  { name: "Live sessions", description: "Continuous syncs of a bound account's streams (battles, wallet, members)." },
  { name: "Stores", description: "Data synced from the game servers' stores (houses)." },
  { name: "Statistics", description: "What the statistics page charts." },
  { name: "Schedules", description: "Cron per sync category for scheduled runs." },
  { name: "Audit", description: "Who changed what, newest first." },
  { name: "Bulk operations", description: "One action over many sessions or live sessions, run in the background with its own progress." },
  { name: "Search", description: "Find sessions, instance records, bindings and live sessions by business data." },
  { name: "API tokens", description: "Bearer tokens for this API (super admins only)." },
  { name: "Alerts", description: "Alert rules (who is told what, where) and their delivery log; changes by super admins." },
  { name: "Synced data", description: "What account, capacity and config syncs stored, and each run's item-by-item changes." },
  { name: "Meta", description: "Health and this document; no authentication." },
] as const;

export type Tag = (typeof TAGS)[number]["name"];
type Method = "get" | "post" | "put" | "patch" | "delete";

export type ApiOperation = {
  operationId: string;
  method: Method;
  /** Full path with `{param}` templates, e.g. `/api/v1/sessions/{id}`. */
  path: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** The permission the handler checks; null for public operations (no security). */
  permission: Permission | null;
  /** Path parameters (all UUIDs here): name → description. */
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  /** Descriptions of query parameters the query schema does not describe itself. */
  queryDocs?: Record<string, string>;
  headers?: { name: string; description: string; schema: z.ZodType }[];
  body?: RequestName;
  /** Success responses: status → schema name (and description). */
  responses: Partial<Record<200 | 201 | 503, { schema: ResponseName; description: string; contentType?: "text/csv" }>>;
  /** Errors this operation can answer with, besides 400 and 401 (every authenticated operation) and 500 (all). */
  errors: ErrorStatus[];
};

const ID = (what: string) => ({ id: `The ${what}'s id (UUID)` });

export const OPERATIONS: ApiOperation[] = [
  // Meta
  {
    operationId: "getHealth",
    method: "get",
    path: "/api/health",
    tag: "Meta",
    summary: "Health: database, engine and version",
    description: "Public. 503 (same body, `ok: false`) when the database does not answer.",
    permission: null,
    responses: { 200: { schema: "Health", description: "Healthy" }, 503: { schema: "Health", description: "The database is unreachable" } },
    errors: [],
  },
  {
    operationId: "getOpenApiDocument",
    method: "get",
    path: "/api/v1/openapi.json",
    tag: "Meta",
    summary: "This OpenAPI 3.1 document",
    permission: null,
    responses: { 200: { schema: "OpenApiDocument", description: "The document" } },
    errors: [],
  },

  // Sessions
  {
    operationId: "listSyncSessions",
    method: "get",
    path: "/api/v1/sessions",
    tag: "Sessions",
    summary: "List sync sessions, newest first",
    description:
      "Filter by status (`partial` = completed with failed instances), type, category, creator (`scheduler` for scheduled runs), start date and `q` (instance name, error text or label, matched anywhere; a trigram index answers it). Keyset pagination: pass `nextCursor` as `cursor`.",
    permission: "dashboard:read",
    query: listSessionsQuery,
    queryDocs: {
      status: "`partial` = completed with at least one failed instance; `completed` = without",
      createdBy: "A user id, or `scheduler` for scheduled runs",
      from: "Started at or after (date or date-time)",
      to: "Started before; a bare date includes that whole day",
      failureClass: "Runs whose most common failure class among failed instances is this one",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "SyncSessionPage", description: "One page of sessions" } },
    errors: [400],
  },
  {
    operationId: "startBatch",
    method: "post",
    path: "/api/v1/sessions",
    tag: "Sessions",
    summary: "Start a manual batch sync",
    description:
      "One session over the given instances (or every enabled database instance). 409 when a running session of the category holds one of them.",
    permission: "sync_session:start",
    body: "StartBatchInput",
    responses: { 201: { schema: "SyncSession", description: "The session, running" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "getSyncSession",
    method: "get",
    path: "/api/v1/sessions/{id}",
    tag: "Sessions",
    summary: "Get a sync session with its instance records",
    description:
      "`include=logs,stats` adds the run's timeline and record statistics. The `ETag` header is the version (`If-Match` for PUT).",
    permission: "dashboard:read",
    pathParams: ID("sync session"),
    query: getSessionQuery,
    responses: { 200: { schema: "SyncSessionDetail", description: "The session and one record per instance" } },
    errors: [400, 404],
  },
  {
    operationId: "updateSyncSession",
    method: "put",
    path: "/api/v1/sessions/{id}",
    tag: "Sessions",
    summary: "Edit a session's label and note, with optimistic locking",
    description:
      'Send the version you last saw as `If-Match: "<version>"` (the ETag of GET) or `version`; `version` wins. 428 without one, 412 when the session changed since. The version goes up by one.',
    permission: "sync_session:edit",
    pathParams: ID("sync session"),
    headers: [{ name: "If-Match", description: 'The version you last saw, e.g. `"3"`', schema: z.string() }],
    body: "UpdateSyncSessionInput",
    responses: { 200: { schema: "SyncSession", description: "The session, with its new version (also the ETag)" } },
    errors: [400, 403, 404, 412, 428],
  },
  {
    operationId: "terminateSyncSession",
    method: "delete",
    path: "/api/v1/sessions/{id}",
    tag: "Sessions",
    summary: "Terminate (cancel) a running sync session",
    description: "Same as `POST /api/v1/sessions/{id}/cancel`. 409 once the session has ended.",
    permission: "sync_session:cancel",
    pathParams: ID("sync session"),
    responses: { 200: { schema: "SyncSession", description: "The session, cancelled" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "cancelSyncSession",
    method: "post",
    path: "/api/v1/sessions/{id}/cancel",
    tag: "Sessions",
    summary: "Cancel a running sync session",
    description: "Records that have not finished end `cancelled`. 409 once the session has ended.",
    permission: "sync_session:cancel",
    pathParams: ID("sync session"),
    responses: { 200: { schema: "SyncSession", description: "The session, cancelled" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "retryFailedInstances",
    method: "post",
    path: "/api/v1/sessions/{id}/retry-failed",
    tag: "Sessions",
    summary: "Retry the failed instances of a finished session",
    description: "A new session linked to this one (`retryOf`). 409 while it runs or when nothing failed.",
    permission: "sync_session:retry",
    pathParams: ID("sync session"),
    responses: { 201: { schema: "SyncSession", description: "The new session, running" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "resyncInstanceRecord",
    method: "post",
    path: "/api/v1/instance-records/{id}/resync",
    tag: "Sessions",
    summary: "Sync one record's instance again",
    description: "A new one-instance session in the record's category, linked to the record's session.",
    permission: "sync_session:retry",
    pathParams: ID("instance record"),
    responses: { 201: { schema: "SyncSession", description: "The new session, running" } },
    errors: [400, 403, 404, 409],
  },

  // Instances
  {
    operationId: "listInstances",
    method: "get",
    path: "/api/v1/instances",
    tag: "Instances",
    summary: "List instances (never their secrets)",
    permission: "instance:read",
    responses: { 200: { schema: "InstanceList", description: "Every instance, by name" } },
    errors: [],
  },
  {
    operationId: "createInstance",
    method: "post",
    path: "/api/v1/instances",
    tag: "Instances",
    summary: "Add a database instance",
    description: "The connection URL is stored encrypted and never returned. 409 when the name is taken (case-insensitive).",
    permission: "instance:write",
    body: "CreateInstanceInput",
    responses: { 201: { schema: "Instance", description: "The new instance" } },
    errors: [400, 403, 409],
  },
  {
    operationId: "getInstance",
    method: "get",
    path: "/api/v1/instances/{id}",
    tag: "Instances",
    summary: "Get an instance",
    permission: "instance:read",
    pathParams: ID("instance"),
    responses: { 200: { schema: "Instance", description: "The instance" } },
    errors: [404],
  },
  {
    operationId: "updateInstance",
    method: "patch",
    path: "/api/v1/instances/{id}",
    tag: "Instances",
    summary: "Rename, enable or disable an instance, or replace its connection URL",
    description:
      "The new connection URL is stored encrypted and never returned; it clears the last test result. 409 when the new name is taken.",
    permission: "instance:write",
    pathParams: ID("instance"),
    body: "UpdateInstanceInput",
    responses: { 200: { schema: "Instance", description: "The instance" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "deleteInstance",
    method: "delete",
    path: "/api/v1/instances/{id}",
    tag: "Instances",
    summary: "Delete an instance; its runs and records stay",
    description:
      "The instance leaves every list and can no longer be synced; its runs and instance records stay and keep its name. 409 while a running sync session or an active binding uses it.",
    permission: "instance:write",
    pathParams: ID("instance"),
    responses: { 200: { schema: "InstanceDeleted", description: "What was deleted and what was kept" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "refreshGameServerDirectory",
    method: "post",
    path: "/api/v1/instances/{id}/directory",
    tag: "Instances",
    summary: "Read a game server's directory (houses and accounts) again",
    description: "Houses become stores, accounts game accounts; tokens already set are kept. 503 when the game server cannot be read.",
    permission: "instance:write",
    pathParams: ID("instance"),
    responses: { 200: { schema: "DirectoryRefreshed", description: "How many houses and accounts it has" } },
    errors: [400, 403, 404, 503],
  },
  {
    operationId: "setGameAccountToken",
    method: "put",
    path: "/api/v1/game-accounts/{id}/token",
    tag: "Instances",
    summary: "Set a game account's token (write-only)",
    description: "Stored encrypted; never returned or audited.",
    permission: "instance:write",
    pathParams: ID("game account"),
    body: "SetGameAccountTokenInput",
    responses: { 200: { schema: "GameAccountTokenSet", description: "The account, without its token" } },
    errors: [400, 403, 404],
  },
  {
    operationId: "testInstanceConnection",
    method: "post",
    path: "/api/v1/instances/{id}/test",
    tag: "Instances",
    summary: "Test the connection now",
    description: "Connects, records the outcome on the instance and returns it; a failed connection is `ok: false`, not an error.",
    permission: "instance:test",
    pathParams: ID("instance"),
    responses: { 200: { schema: "InstanceTestResult", description: "The outcome" } },
    errors: [400, 403, 404],
  },

  // Bindings
  {
    operationId: "listBindings",
    method: "get",
    path: "/api/v1/bindings",
    tag: "Bindings",
    summary: "List bindings with their live session",
    description:
      "`q` finds bindings by store (name, external id or id), game account (name, external id or id), game server name or error text.",
    permission: "dashboard:read",
    query: listBindingsQuery,
    queryDocs: { limit: "At most this many" },
    responses: { 200: { schema: "BindingList", description: "Newest first" } },
    errors: [400],
  },
  {
    operationId: "bindAccount",
    method: "post",
    path: "/api/v1/bindings",
    tag: "Bindings",
    summary: "Bind a game account to a store",
    description: "Creates the binding and its live session with auto-sync on. One account → one store: 409 while the account is bound.",
    permission: "binding:write",
    body: "BindInput",
    responses: { 201: { schema: "BindResult", description: "The binding and its live session" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "getBinding",
    method: "get",
    path: "/api/v1/bindings/{id}",
    tag: "Bindings",
    summary: "Get one binding with its live session",
    permission: "dashboard:read",
    pathParams: ID("binding"),
    responses: { 200: { schema: "BindingListItem", description: "The binding" } },
    errors: [404],
  },
  {
    operationId: "unbindAccount",
    method: "delete",
    path: "/api/v1/bindings/{id}",
    tag: "Bindings",
    summary: "Unbind",
    description: "The binding turns inactive and its live session stops; synced data is kept. 409 when already inactive.",
    permission: "binding:write",
    pathParams: ID("binding"),
    responses: { 200: { schema: "Binding", description: "The binding, inactive" } },
    errors: [400, 403, 404, 409],
  },

  // Live sessions
  {
    operationId: "listLiveSessions",
    method: "get",
    path: "/api/v1/live-sessions",
    tag: "Live sessions",
    summary: "List live sessions with per-stream status",
    description:
      "`q` finds live sessions by store (name, external id or id), game account (name, external id or id), game server name or error text.",
    permission: "dashboard:read",
    query: listLiveSessionsQuery,
    queryDocs: { failureClass: "Only sessions in `error` with this failure class" },
    responses: { 200: { schema: "LiveSessionList", description: "Active ones first" } },
    errors: [400],
  },
  {
    operationId: "getLiveSession",
    method: "get",
    path: "/api/v1/live-sessions/{id}",
    tag: "Live sessions",
    summary: "Get a live session with per-stream status",
    permission: "dashboard:read",
    pathParams: ID("live session"),
    responses: { 200: { schema: "LiveSessionDetail", description: "The live session" } },
    errors: [404],
  },
  {
    operationId: "updateLiveSession",
    method: "patch",
    path: "/api/v1/live-sessions/{id}",
    tag: "Live sessions",
    summary: "Change intervals and/or (de)activate, with optimistic locking",
    description:
      'Send `expectedVersion` (or `If-Match: "<version>"`); 412 when the session changed since. 409 when reactivating an unbound session.',
    permission: "live_session:control",
    pathParams: ID("live session"),
    headers: [
      { name: "If-Match", description: 'The version you last saw, e.g. `"3"`; `expectedVersion` in the body wins', schema: z.string() },
    ],
    body: "PatchLiveSessionInput",
    responses: { 200: { schema: "LiveSession", description: "The live session" } },
    errors: [400, 403, 404, 409, 412],
  },
  {
    operationId: "setAutoSync",
    method: "put",
    path: "/api/v1/live-sessions/{id}/auto-sync",
    tag: "Live sessions",
    summary: "Start or stop auto-sync",
    description: "Starting twice is a no-op. 409 when starting an inactive or unbound session; 412 on a stale `expectedVersion`.",
    permission: "live_session:control",
    pathParams: ID("live session"),
    body: "SetAutoSyncInput",
    responses: { 200: { schema: "LiveSession", description: "The live session" } },
    errors: [400, 403, 404, 409, 412],
  },
  {
    operationId: "restartLiveSession",
    method: "post",
    path: "/api/v1/live-sessions/{id}/restart",
    tag: "Live sessions",
    summary: "Restart now: clear the error and start the streams again",
    description: "409 when the binding was unbound.",
    permission: "live_session:control",
    pathParams: ID("live session"),
    responses: { 200: { schema: "LiveSession", description: "The live session, active" } },
    errors: [400, 403, 404, 409],
  },
  {
    operationId: "listSyncLogs",
    method: "get",
    path: "/api/v1/live-sessions/{id}/logs",
    tag: "Live sessions",
    summary: "A live session's sync log, newest first",
    description: "Newest first by when each tick started (then by id). Pass `nextBefore` as `before` for the next page.",
    permission: "dashboard:read",
    pathParams: ID("live session"),
    query: listSyncLogsQuery,
    queryDocs: {
      limit: "Page size",
      before: "`nextBefore` of the previous page (an entry's id): the entries that come after that one",
      stream: "Only this stream",
    },
    responses: { 200: { schema: "SyncLogPage", description: "One page of log entries" } },
    errors: [400, 404],
  },

  // Stores
  {
    operationId: "getStoreData",
    method: "get",
    path: "/api/v1/stores/{id}/data",
    tag: "Stores",
    summary: "A store's synced data",
    description: "Latest battles or wallet transactions, its members, or player statistics (`kind`), with counts.",
    permission: "dashboard:read",
    pathParams: ID("store"),
    query: storeDataQuery,
    queryDocs: { kind: "Which data: battles, wallet transactions, members or player statistics", limit: "At most this many items" },
    responses: { 200: { schema: "StoreData", description: "The data of the requested kind" } },
    errors: [400, 404],
  },

  // Statistics
  {
    operationId: "getSessionAnalytics",
    method: "get",
    path: "/api/v1/analytics/sessions",
    tag: "Statistics",
    summary: "Runs over time: counts, success rate, duration p50/p95 and items",
    description:
      "Finished runs by start time. 24h (hourly), 7d and 30d (daily, UTC) read hourly pre-aggregates maintained as runs finish, percentiles estimated from a duration histogram; 1h (5-minute buckets) reads the runs themselves. `metric` chooses what each series point carries; totals carry everything.",
    permission: "dashboard:read",
    query: analyticsQuery,
    queryDocs: {
      timeframe: "The window: whole buckets ending with the current one",
      type: "Only scheduled or manual runs",
      category: "Only runs of this category",
      metric: "Which measures each series point carries",
    },
    responses: { 200: { schema: "SessionAnalytics", description: "Series and totals" } },
    errors: [400],
  },
  {
    operationId: "getStatistics",
    method: "get",
    path: "/api/v1/statistics",
    tag: "Statistics",
    summary: "Runs over time, success rates, durations and top failing instances",
    description:
      "The window ends now. Ended runs are read from the hourly and daily pre-aggregates maintained as runs end (counts exact; duration p50/p95 are estimates from a duration histogram); running runs, failing instances and failure classes from the runs and records in the window.",
    permission: "dashboard:read",
    query: statisticsQuery,
    queryDocs: {
      timeframe: "The window, ending now; 24h is bucketed by hour, the others by day",
      category: "Only sessions of this category",
    },
    responses: { 200: { schema: "Statistics", description: "Statistics for the timeframe" } },
    errors: [400],
  },

  // Schedules
  {
    operationId: "listSchedules",
    method: "get",
    path: "/api/v1/schedules",
    tag: "Schedules",
    summary: "Cron per sync category, with the next run",
    permission: "dashboard:read",
    responses: { 200: { schema: "ScheduleList", description: "One schedule per category" } },
    errors: [],
  },
  {
    operationId: "updateSchedule",
    method: "put",
    path: "/api/v1/schedules",
    tag: "Schedules",
    summary: "Change a category's cron and whether it runs",
    permission: "schedule:write",
    body: "UpdateScheduleInput",
    responses: { 200: { schema: "Schedule", description: "The schedule" } },
    errors: [400, 403, 404],
  },

  // Synced data
  {
    operationId: "listInstanceAccounts",
    method: "get",
    path: "/api/v1/instances/{id}/accounts",
    tag: "Synced data",
    summary: "An instance's accounts as of its last account sync",
    description: "By name. `deleted=true` lists the accounts gone upstream instead. Pass `nextCursor` as `cursor` for the next page.",
    permission: "instance:read",
    pathParams: ID("instance"),
    query: listInstanceAccountsQuery,
    queryDocs: {
      q: "Name contains (case-insensitive)",
      deleted: "Only accounts gone upstream",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "AccountPage", description: "One page of accounts" } },
    errors: [400, 404],
  },
  {
    operationId: "listAccounts",
    method: "get",
    path: "/api/v1/accounts",
    tag: "Synced data",
    summary: "Accounts across instances",
    description:
      "By name, then id. Each attribute filter takes true or false. `privilege` (e.g. CREATE) with `on` (a database or schema name) finds who was granted it there directly; without `on`, anywhere (MySQL: also `ON *.*`). `changedSince`: created, changed or gone since then.",
    permission: "instance:read",
    query: listAccountsQuery,
    queryDocs: {
      q: "Name contains (case-insensitive)",
      instanceId: "Only this instance",
      privilege: "A privilege name, e.g. CREATE, USAGE, SELECT",
      on: "The database or schema `privilege` is granted on",
      changedSince: "ISO date-time",
      deleted: "Only accounts gone upstream",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "AccountPage", description: "One page of accounts" } },
    errors: [400],
  },
  {
    operationId: "getAccount",
    method: "get",
    path: "/api/v1/accounts/{id}",
    tag: "Synced data",
    summary: "One account with its change timeline",
    permission: "instance:read",
    pathParams: ID("account"),
    responses: { 200: { schema: "AccountDetail", description: "The account and its changes, newest first" } },
    errors: [404],
  },
  {
    operationId: "getInstanceCapacity",
    method: "get",
    path: "/api/v1/instances/{id}/capacity",
    tag: "Synced data",
    summary: "Size series per database (PostgreSQL) or schema (MySQL)",
    description: "Every sample between `from` and `to` (default: the last 30 days up to now), oldest first, with the growth per day.",
    permission: "instance:read",
    pathParams: ID("instance"),
    query: capacityQuery,
    queryDocs: { from: "ISO date-time (default: `to` − 30 days)", to: "ISO date-time (default: now)" },
    responses: { 200: { schema: "Capacity", description: "The series" } },
    errors: [400, 404],
  },
  {
    operationId: "listInstanceSettings",
    method: "get",
    path: "/api/v1/instances/{id}/settings",
    tag: "Synced data",
    summary: "An instance's server settings as of its last config sync",
    description: "By name: value, unit, source and when it last changed. PostgreSQL values are what a new session gets from the server.",
    permission: "instance:read",
    pathParams: ID("instance"),
    query: listSettingsQuery,
    queryDocs: {
      q: "Name contains (case-insensitive)",
      changedSince: "ISO date-time",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "SettingPage", description: "One page of settings" } },
    errors: [400, 404],
  },
  {
    operationId: "listInstanceRuns",
    method: "get",
    path: "/api/v1/instances/{id}/runs",
    tag: "Synced data",
    summary: "The instance's records across runs, newest first",
    permission: "instance:read",
    pathParams: ID("instance"),
    query: listInstanceRunsQuery,
    queryDocs: { limit: "Page size", cursor: "`nextCursor` of the previous page" },
    responses: { 200: { schema: "InstanceRunPage", description: "One page of records" } },
    errors: [400, 404],
  },
  {
    operationId: "listRecordChanges",
    method: "get",
    path: "/api/v1/instance-records/{id}/changes",
    tag: "Synced data",
    summary: "What one instance record changed, item by item",
    description: "Created, updated and deleted items with each changed attribute before → after; an unchanged item has no entry.",
    permission: "dashboard:read",
    pathParams: ID("instance record"),
    query: listChangesQuery,
    queryDocs: {
      change: "Only this kind of change",
      kind: "Only this kind of item",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "SyncedChangePage", description: "One page of changes" } },
    errors: [400, 404],
  },
  {
    operationId: "listSessionChanges",
    method: "get",
    path: "/api/v1/sessions/{id}/changes",
    tag: "Synced data",
    summary: "What a whole run changed, record by record",
    permission: "dashboard:read",
    pathParams: ID("sync session"),
    query: listChangesQuery,
    queryDocs: {
      change: "Only this kind of change",
      kind: "Only this kind of item",
      limit: "Page size",
      cursor: "`nextCursor` of the previous page",
    },
    responses: { 200: { schema: "SyncedChangePage", description: "One page of changes" } },
    errors: [400, 404],
  },

  // Audit
  {
    operationId: "listAudit",
    method: "get",
    path: "/api/v1/audit",
    tag: "Audit",
    summary: "The audit log, newest first",
    description:
      "Filter by actor, action, target type and id, and time range (`from` inclusive, `to` exclusive; a bare date covers its whole UTC day). Pass `nextBefore` as `before` for the next page.",
    permission: "audit:read",
    query: listAuditQuery,
    queryDocs: { limit: "Page size", before: "`nextBefore` of the previous page: entries with a smaller id" },
    responses: { 200: { schema: "AuditPage", description: "One page of entries" } },
    errors: [400],
  },
  {
    operationId: "exportAudit",
    method: "get",
    path: "/api/v1/audit/export",
    tag: "Audit",
    summary: "The filtered audit log as CSV",
    description:
      "The list's filters, every matching entry, newest first, streamed. Cells a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`) are prefixed with `'`.",
    permission: "audit:read",
    query: auditFilterQuery,
    responses: { 200: { schema: "AuditCsv", description: "CSV with a header row", contentType: "text/csv" } },
    errors: [400],
  },

  // Search
  {
    operationId: "search",
    method: "get",
    path: "/api/v1/search",
    tag: "Search",
    summary: "Search sessions, instance records, bindings and live sessions",
    description:
      "One term (2–200 characters, case-insensitive, matched anywhere; `%` and `_` are literal) against instance names, error texts and labels of sessions and their records, and stores, game accounts (names, external ids, ids), game servers and errors of bindings and live sessions. Each group is newest first and cut at `limit`.",
    permission: "dashboard:read",
    query: searchQuery,
    responses: { 200: { schema: "SearchResults", description: "Matches, grouped" } },
    errors: [400],
  },

  // Bulk operations
  {
    operationId: "createBulkOperation",
    method: "post",
    path: "/api/v1/bulk-operations",
    tag: "Bulk operations",
    summary: "Start a bulk action over sessions or live sessions",
    description:
      "`cancel_sessions` and `retry_failed_sessions` take session `ids` or a sessions-list `filter`; `stop_auto_sync` and `start_auto_sync` take live-session `ids` or a live-sessions-list `filter`. A filter targets the items matching it now that the action would change; explicit ids already in the target state are skipped. Needs the role the single-item action needs. Audited once. 201 with the new operation; 200 with the first one when the idempotency key was used before.",
    permission: "bulk_operation:create",
    headers: [{ name: "Idempotency-Key", description: "Same as `idempotencyKey` in the body (the body wins)", schema: z.string() }],
    body: "CreateBulkOperationInput",
    responses: {
      201: { schema: "BulkOperation", description: "The operation, running" },
      200: { schema: "BulkOperation", description: "The operation first created with this idempotency key" },
    },
    errors: [400, 403, 409],
  },
  {
    operationId: "listBulkOperations",
    method: "get",
    path: "/api/v1/bulk-operations",
    tag: "Bulk operations",
    summary: "Recent bulk operations, newest first",
    permission: "dashboard:read",
    query: listBulkOperationsQuery,
    queryDocs: { limit: "How many" },
    responses: { 200: { schema: "BulkOperationList", description: "Newest first" } },
    errors: [400],
  },
  {
    operationId: "getBulkOperation",
    method: "get",
    path: "/api/v1/bulk-operations/{id}",
    tag: "Bulk operations",
    summary: "A bulk operation's progress",
    permission: "dashboard:read",
    pathParams: ID("bulk operation"),
    responses: { 200: { schema: "BulkOperation", description: "Counters, status and the first errors" } },
    errors: [404],
  },

  // API tokens
  {
    operationId: "listApiTokens",
    method: "get",
    path: "/api/v1/tokens",
    tag: "API tokens",
    summary: "List API tokens (never their secret)",
    permission: "api_token:write",
    responses: { 200: { schema: "ApiTokenList", description: "Newest first" } },
    errors: [403],
  },
  {
    operationId: "createApiToken",
    method: "post",
    path: "/api/v1/tokens",
    tag: "API tokens",
    summary: "Create an API token",
    description: "The token is in this response only; only its hash is stored. A token's role is `ops` or `viewer`.",
    permission: "api_token:write",
    body: "CreateApiTokenInput",
    responses: { 201: { schema: "CreatedApiToken", description: "The token, shown once" } },
    errors: [400, 403],
  },
  {
    operationId: "revokeApiToken",
    method: "delete",
    path: "/api/v1/tokens/{id}",
    tag: "API tokens",
    summary: "Revoke an API token",
    description: "It stops working at once. 404 for an unknown or already revoked token.",
    permission: "api_token:write",
    pathParams: ID("API token"),
    responses: { 200: { schema: "RevokedApiToken", description: "The token, revoked" } },
    errors: [400, 403, 404],
  },

  // Alerts
  {
    operationId: "listAlertRules",
    method: "get",
    path: "/api/v1/alert-rules",
    tag: "Alerts",
    summary: "List alert rules (never their URL or secret)",
    permission: "dashboard:read",
    responses: { 200: { schema: "AlertRuleList", description: "Every rule, by name" } },
    errors: [],
  },
  {
    operationId: "createAlertRule",
    method: "post",
    path: "/api/v1/alert-rules",
    tag: "Alerts",
    summary: "Create an alert rule",
    description:
      'A condition on a binding, an instance, a category or everything, sent to a webhook (JSON signed with `X-Syncdeck-Signature: sha256=<hex HMAC of "<X-Syncdeck-Timestamp>.<body>">`) or a Slack-compatible incoming webhook. The URL and signing secret are stored encrypted and never returned.',
    permission: "alert_rule:write",
    body: "CreateAlertRuleInput",
    responses: { 201: { schema: "AlertRule", description: "The new rule" } },
    errors: [400, 403],
  },
  {
    operationId: "getAlertRule",
    method: "get",
    path: "/api/v1/alert-rules/{id}",
    tag: "Alerts",
    summary: "Get an alert rule",
    permission: "dashboard:read",
    pathParams: ID("alert rule"),
    responses: { 200: { schema: "AlertRule", description: "The rule" } },
    errors: [404],
  },
  {
    operationId: "updateAlertRule",
    method: "put",
    path: "/api/v1/alert-rules/{id}",
    tag: "Alerts",
    summary: "Change an alert rule, with optimistic locking",
    description:
      'Send `expectedVersion` (or `If-Match: "<version>"`); 412 when the rule changed since. Fields you omit keep their value, the URL and secret included.',
    permission: "alert_rule:write",
    pathParams: ID("alert rule"),
    headers: [
      { name: "If-Match", description: 'The version you last saw, e.g. `"3"`; `expectedVersion` in the body wins', schema: z.string() },
    ],
    body: "UpdateAlertRuleInput",
    responses: { 200: { schema: "AlertRule", description: "The rule" } },
    errors: [400, 403, 404, 412],
  },
  {
    operationId: "deleteAlertRule",
    method: "delete",
    path: "/api/v1/alert-rules/{id}",
    tag: "Alerts",
    summary: "Delete an alert rule and its delivery log",
    description: "With `If-Match`, 412 when the rule changed since.",
    permission: "alert_rule:write",
    pathParams: ID("alert rule"),
    headers: [{ name: "If-Match", description: 'The version you last saw, e.g. `"3"`', schema: z.string() }],
    responses: { 200: { schema: "AlertRule", description: "The rule as it was" } },
    errors: [400, 403, 404, 412],
  },
  {
    operationId: "muteAlertRule",
    method: "post",
    path: "/api/v1/alert-rules/{id}/mute",
    tag: "Alerts",
    summary: "Mute a rule until a time",
    description: "Nothing that happens while muted is sent, not even after the mute ends.",
    permission: "alert_rule:write",
    pathParams: ID("alert rule"),
    body: "MuteAlertRuleInput",
    responses: { 200: { schema: "AlertRule", description: "The rule, muted" } },
    errors: [400, 403, 404],
  },
  {
    operationId: "unmuteAlertRule",
    method: "delete",
    path: "/api/v1/alert-rules/{id}/mute",
    tag: "Alerts",
    summary: "Unmute a rule now",
    permission: "alert_rule:write",
    pathParams: ID("alert rule"),
    responses: { 200: { schema: "AlertRule", description: "The rule, not muted" } },
    errors: [400, 403, 404],
  },
  {
    operationId: "sendTestAlert",
    method: "post",
    path: "/api/v1/alert-rules/{id}/test",
    tag: "Alerts",
    summary: "Send a sample alert to the rule's destination",
    description: "Queues a test delivery (muted and disabled rules too); follow it in the delivery log.",
    permission: "alert_rule:write",
    pathParams: ID("alert rule"),
    responses: { 201: { schema: "AlertDelivery", description: "The test delivery, pending" } },
    errors: [400, 403, 404],
  },
  {
    operationId: "listAlertDeliveries",
    method: "get",
    path: "/api/v1/alert-deliveries",
    tag: "Alerts",
    summary: "The alert delivery log, newest first",
    permission: "dashboard:read",
    query: listDeliveriesQuery,
    queryDocs: { ruleId: "Only this rule's deliveries", status: "Only deliveries in this state", limit: "At most this many" },
    responses: { 200: { schema: "AlertDeliveryList", description: "Deliveries with attempts, response status and last error" } },
    errors: [400],
  },
];

// ---------------------------------------------------------------------------------------------
// Building the document

type JsonSchema = Record<string, unknown>;
const SCHEMA_REF = (name: string) => `#/components/schemas/${name}`;

/** One registry conversion; `$schema`/`$id` are dropped (the document's dialect applies, and fragment ids are not ids). */
function convertRegistry(schemas: Record<string, z.ZodType>, io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { target: "draft-2020-12", io, uri: SCHEMA_REF, unrepresentable: "throw" });
  return Object.fromEntries(Object.entries(out).map(([id, schema]) => [id, withoutKeys(schema as JsonSchema, "$schema", "$id")]));
}

function withoutKeys(schema: JsonSchema, ...keys: string[]): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !keys.includes(k)));
}

function inlineInputSchema(schema: z.ZodType): JsonSchema {
  return withoutKeys(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "throw" }) as JsonSchema, "$schema");
}

/** A query object schema as one OpenAPI parameter per property. */
function queryParameters(query: z.ZodObject, docs: Record<string, string> = {}) {
  const json = inlineInputSchema(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const unknown = Object.keys(docs).filter((name) => !(name in (json.properties ?? {})));
  if (unknown.length) throw new Error(`queryDocs for parameters the query schema does not have: ${unknown.join(", ")}`);
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description: own, ...rest } = schema;
    const description = own ?? docs[name];
    return { name, in: "query", required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const jsonContent = (schemaName: string) => ({ "application/json": { schema: { $ref: SCHEMA_REF(schemaName) } } });

function operationObject(op: ApiOperation) {
  const parameters = [
    ...Object.entries(op.pathParams ?? {}).map(([name, description]) => ({
      name,
      in: "path",
      required: true,
      description,
      schema: { type: "string", format: "uuid" },
    })),
    ...(op.query ? queryParameters(op.query, op.queryDocs) : []),
    ...(op.headers ?? []).map((h) => ({
      name: h.name,
      in: "header",
      required: false,
      description: h.description,
      schema: inlineInputSchema(h.schema),
    })),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, res] of Object.entries(op.responses))
    responses[status] = {
      description: res.description,
      content: res.contentType ? { [res.contentType]: { schema: { $ref: SCHEMA_REF(res.schema) } } } : jsonContent(res.schema),
    };
  // Every authenticated route refuses unexpected query strings and bodies with 400, so each may answer it.
  // Cookie-authenticated mutations are refused cross-site (403) and with a non-JSON Content-Type (415).
  const cookieGuards = op.permission && op.method !== "get" ? ([403, 415] as const) : [];
  const errorStatuses = [
    ...new Set<ErrorStatus | 500>([...op.errors, ...(op.permission ? ([400, 401] as const) : []), ...cookieGuards, 500]),
  ].sort((a, b) => a - b);
  for (const status of errorStatuses) responses[String(status)] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };
  const roles = op.permission ? [...PERMISSIONS[op.permission]] : null;
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: [op.description, roles ? `Roles: ${roles.join(", ")}.` : "Public: no authentication."].filter(Boolean).join("\n\n"),
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: jsonContent(op.body) } } : {}),
    responses,
    security: op.permission ? [{ bearerAuth: [] }, { cookieAuth: [] }] : [],
    ...(roles ? { "x-permission": op.permission, "x-roles": roles } : {}),
  };
}

export type OpenApiDocument = {
  openapi: "3.1.1";
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, ReturnType<typeof operationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, unknown>;
    securitySchemes: Record<string, unknown>;
  };
};

export function buildOpenApiDocument(): OpenApiDocument {
  const errorSchemas = Object.fromEntries(Object.values(ERROR_RESPONSES).map((e) => [e.name, r.errorBodyFor[e.kind]]));
  const output = convertRegistry({ ...RESPONSE_SCHEMAS, ...errorSchemas }, "output");
  const input = convertRegistry(REQUEST_SCHEMAS, "input");
  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.1",
    info: {
      title: "Syncdeck API",
      version: APP_VERSION,
      description: [
        "Authenticate with `Authorization: Bearer sdk_…` (an API token, role ops or viewer) or a dashboard session cookie.",
        'Errors are always `{ "error": { "code", "message", "details"? } }` with the matching status; unknown fields in bodies and queries are rejected with 400.',
        "Dates are ISO 8601 strings.",
      ].join("\n\n"),
    },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: TAGS.map((t) => ({ ...t })),
    paths,
    components: {
      schemas: { ...output, ...input },
      responses: Object.fromEntries(
        Object.values(ERROR_RESPONSES).map((e) => [e.name, { description: e.description, content: jsonContent(e.name) }]),
      ),
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sdk_<43 base64url characters>",
          description: "An API token created by a super admin",
        },
        cookieAuth: {
          type: "apiKey",
          in: "cookie",
          name: "better-auth.session_token",
          description: "The dashboard's session cookie (signed in with email and password)",
        },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The document, built once per process. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
