/** Turns a driver error into a short sentence an operator can act on, never including secrets. */
export function describeConnectionError(err: unknown, endpoint: string): { code: string; message: string } {
  const e = err as { code?: string | number; errno?: string | number; message?: string; severity?: string } | undefined;
  const code = String(e?.code ?? e?.errno ?? "");
  switch (code) {
    case "ECONNREFUSED":
      return { code: "network", message: `Connection refused by ${endpoint}: is the server running and listening there?` };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { code: "network", message: `Host of ${endpoint} could not be resolved` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ECONNRESET":
    case "EPIPE":
      return { code: "network", message: `Network error talking to ${endpoint} (${code})` };
    // mysql2: the server closed the connection (restart, wait_timeout, killed) mid-sync.
    case "PROTOCOL_CONNECTION_LOST":
    case "CONNECTION_CLOSED":
      return { code: "network", message: `The connection to ${endpoint} was lost during the sync` };
    case "ABORTED":
      return { code: "cancelled", message: `Stopped talking to ${endpoint}: the run was cancelled` };
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return { code: "timeout", message: `Timed out connecting to ${endpoint}` };
    case "57014":
    // mysql2: a query ran past its `timeout`.
    case "PROTOCOL_SEQUENCE_TIMEOUT":
    // MySQL max_execution_time / MariaDB max_statement_time.
    case "ER_QUERY_TIMEOUT":
    case "ER_STATEMENT_TIMEOUT":
      return { code: "timeout", message: `A query on ${endpoint} took too long and was cancelled` };
    case "28P01":
    case "28000":
    case "ER_ACCESS_DENIED_ERROR":
    case "ER_ACCESS_DENIED_NO_PASSWORD_ERROR":
    case "ER_NOT_SUPPORTED_AUTH_MODE":
      return { code: "auth", message: `Authentication failed at ${endpoint}: check the user name and password` };
    case "ER_HOST_NOT_PRIVILEGED":
      return { code: "auth", message: `${endpoint} does not allow this user to connect from our host` };
    case "ER_ACCOUNT_HAS_BEEN_LOCKED":
      return { code: "auth", message: `The account used for ${endpoint} is locked` };
    case "ER_MUST_CHANGE_PASSWORD_LOGIN":
    case "ER_MUST_CHANGE_PASSWORD":
      return { code: "auth", message: `The password of the account used for ${endpoint} has expired` };
    case "3D000":
    case "ER_BAD_DB_ERROR":
      return { code: "auth", message: `The database named in the connection URL does not exist on ${endpoint}` };
    case "ER_DBACCESS_DENIED_ERROR":
      return { code: "permission", message: `The connecting user may not use the database named in the connection URL on ${endpoint}` };
    case "53300":
    case "ER_CON_COUNT_ERROR":
    case "ER_TOO_MANY_USER_CONNECTIONS":
    case "ER_USER_LIMIT_REACHED":
      return { code: "network", message: `${endpoint} refused the connection: too many connections` };
    case "42501":
    case "ER_TABLEACCESS_DENIED_ERROR":
    case "ER_COLUMNACCESS_DENIED_ERROR":
    case "ER_SPECIFIC_ACCESS_DENIED_ERROR":
      return { code: "permission", message: `The connecting user lacks permission to read this on ${endpoint}` };
    case "ER_NO_SUCH_TABLE":
    case "ER_UNKNOWN_TABLE":
      return { code: "internal", message: `A system table this sync reads is missing on ${endpoint} (unsupported server version?)` };
    default:
      return { code: "internal", message: `Sync against ${endpoint} failed${code ? ` (${code})` : ""}` };
  }
}
