/**
 * Every closed list of values the product stores or accepts, declared once. db/schema builds its
 * pgEnums (and text enums) from these; zod schemas use `z.enum(...)`, types are derived with
 * `(typeof X)[number]`, and UI labels are `Record<Type, string>`. No imports, so client components
 * can use it without pulling in server code. tests/value-lists.test.ts fails when one of these
 * lists is written out again anywhere else.
 */

// Sync sessions and instance records
export const SYNC_TYPES = ["scheduled", "manual_batch"] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

export const SYNC_CATEGORIES = ["account", "capacity", "config", "other"] as const;
export type SyncCategory = (typeof SYNC_CATEGORIES)[number];
/** The categories a batch can run; `other` is reserved: no sync is defined for it. */
export const RUNNABLE_CATEGORIES = ["account", "capacity", "config"] as const satisfies readonly SyncCategory[];
export type RunnableCategory = (typeof RUNNABLE_CATEGORIES)[number];

/** Stored statuses of a sync session. */
export const SYNC_SESSION_STATUSES = ["running", "completed", "failed", "cancelled"] as const;
export type SyncSessionStatus = (typeof SYNC_SESSION_STATUSES)[number];
/** What session lists filter on: `partial` is a completed run with at least one failed instance. */
export const SESSION_FILTER_STATUSES = ["running", "completed", "partial", "failed", "cancelled"] as const;
export type SessionFilterStatus = (typeof SESSION_FILTER_STATUSES)[number];

export const INSTANCE_RECORD_STATUSES = ["pending", "running", "completed", "failed", "cancelled"] as const;
export type InstanceRecordStatus = (typeof INSTANCE_RECORD_STATUSES)[number];
/** A record still to finish: what a cancel stops and what holds an instance for its category. */
export const UNFINISHED_RECORD_STATUSES = ["pending", "running"] as const satisfies readonly InstanceRecordStatus[];
export const FINISHED_RECORD_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly InstanceRecordStatus[];
/** Events of an instance record in a session's log. */
export const RECORD_LOG_EVENTS = ["started", "completed", "failed", "cancelled"] as const;
export type RecordLogEvent = (typeof RECORD_LOG_EVENTS)[number];

/** Why something failed, in the operator's terms; set on failed records, sessions, ticks and live sessions. */
export const FAILURE_CLASSES = ["network", "auth", "timeout", "permission", "upstream_data", "internal"] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

// Instances
export const INSTANCE_KINDS = ["postgres", "mysql", "game_server"] as const;
export type InstanceKind = (typeof INSTANCE_KINDS)[number];
/** Kinds a batch of database categories can sync (and that take a connection URL). */
export const DATABASE_KINDS = ["postgres", "mysql"] as const satisfies readonly InstanceKind[];
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

// Bindings, live sessions and the store data they sync
export const BINDING_STATUSES = ["active", "inactive"] as const;
export type BindingStatus = (typeof BINDING_STATUSES)[number];
export const LIVE_SESSION_STATES = ["active", "inactive", "error"] as const;
export type LiveSessionState = (typeof LIVE_SESSION_STATES)[number];
export const LIVE_SYNC_STATUSES = ["idle", "syncing", "error"] as const;
export type LiveSyncStatus = (typeof LIVE_SYNC_STATUSES)[number];
/** The streams a live session syncs; also the game server's feeds. */
export const LIVE_STREAMS = ["battles", "wallet", "members"] as const;
export type LiveStream = (typeof LIVE_STREAMS)[number];
/** What a store's data view shows: each stream's rows, or the player statistics built from battles. */
export const STORE_DATA_KINDS = [...LIVE_STREAMS, "stats"] as const;
export type StoreDataKind = (typeof STORE_DATA_KINDS)[number];
/** Outcome of one stream tick in the sync log. */
export const SYNC_LOG_STATUSES = ["success", "error"] as const;
export type SyncLogStatus = (typeof SYNC_LOG_STATUSES)[number];
export const WALLET_KINDS = ["recharge", "withdrawal", "adjustment"] as const;
export type WalletKind = (typeof WALLET_KINDS)[number];

// What a database batch reads from an instance and the changes between two runs
export const SYNCED_ITEM_KINDS = ["account", "database", "setting"] as const;
export type SyncedItemKind = (typeof SYNCED_ITEM_KINDS)[number];
export const SYNCED_CHANGE_KINDS = ["created", "updated", "deleted"] as const;
export type SyncedChangeKind = (typeof SYNCED_CHANGE_KINDS)[number];

// People and tokens
export const ROLES = ["super_admin", "ops", "viewer"] as const;
export type Role = (typeof ROLES)[number];
/** API tokens never carry super_admin. */
export const TOKEN_ROLES = ["ops", "viewer"] as const satisfies readonly Role[];
export type TokenRole = (typeof TOKEN_ROLES)[number];
export const ACTOR_TYPES = ["user", "api_token", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

// Alerts
export const ALERT_SCOPES = ["all", "binding", "instance", "category"] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];
export const ALERT_CONDITIONS = ["run_failed", "consecutive_failures", "live_error_for", "slow_run"] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];
export const ALERT_DESTINATIONS = ["webhook", "slack"] as const;
export type AlertDestination = (typeof ALERT_DESTINATIONS)[number];
export const ALERT_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type AlertDeliveryStatus = (typeof ALERT_DELIVERY_STATUSES)[number];

// Bulk operations
export const SESSION_BULK_ACTIONS = ["cancel_sessions", "retry_failed_sessions"] as const;
export const LIVE_SESSION_BULK_ACTIONS = ["stop_auto_sync", "start_auto_sync"] as const;
export const BULK_ACTIONS = [...SESSION_BULK_ACTIONS, ...LIVE_SESSION_BULK_ACTIONS] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const BULK_STATUSES = ["running", "completed", "failed"] as const;
export type BulkStatus = (typeof BULK_STATUSES)[number];

// Engine
export const WORKFLOW_RUN_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type WorkflowRunStatus = (typeof WORKFLOW_RUN_STATUSES)[number];
export const ENGINE_MODES = ["inline", "inngest"] as const;
export type EngineMode = (typeof ENGINE_MODES)[number];

// Statistics and analytics
export const STATISTICS_TIMEFRAMES = ["24h", "7d", "30d"] as const;
export type StatisticsTimeframe = (typeof STATISTICS_TIMEFRAMES)[number];
export const ANALYTICS_TIMEFRAMES = ["1h", ...STATISTICS_TIMEFRAMES] as const;
export type AnalyticsTimeframe = (typeof ANALYTICS_TIMEFRAMES)[number];
/** Grain of a session rollup row. */
export const ROLLUP_GRAINS = ["hour", "day"] as const;
export type RollupGrain = (typeof ROLLUP_GRAINS)[number];
