/** What a database connector reads from an upstream; one implementation per instance kind. */
export type UpstreamAccountSnapshot = {
  /** PostgreSQL: role name. MySQL: `user@host`. */
  name: string;
  canLogin: boolean;
  superuser: boolean;
  createDb: boolean;
  createRole: boolean;
  replication: boolean;
  connectionLimit: number;
  validUntil: string | null;
  memberOf: string[];
  /** Grants and flags beyond the common attributes (database/schema privileges, locked, expired). */
  privileges?: Record<string, unknown>;
};

export type CapacitySnapshot = { databaseName: string; bytes: number };

export type SettingSnapshot = { name: string; value: string | null; unit: string | null; source: string | null };

export interface DatabaseConnector {
  /** Connects and returns a one-line description of the server (e.g. "PostgreSQL 18.1"). */
  test(url: string): Promise<string>;
  /** `signal` aborts the call (the run was cancelled): the connection is closed at once. */
  fetchAccounts(url: string, signal?: AbortSignal): Promise<UpstreamAccountSnapshot[]>;
  fetchCapacity(url: string, signal?: AbortSignal): Promise<CapacitySnapshot[]>;
  fetchConfig(url: string, signal?: AbortSignal): Promise<SettingSnapshot[]>;
  /** `host:port/database` without credentials. */
  endpoint(url: string): string;
}

/**
 * A failure talking to an upstream, with a short message safe to show and store. `cause` (the
 * driver's own error) and `detail` (e.g. a response body) are the raw detail, scrubbed before storing.
 */
export class UpstreamError extends Error {
  readonly detail?: string;
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.detail = options?.detail;
  }
}
