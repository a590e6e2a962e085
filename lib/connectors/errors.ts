/** Turns a driver error into a short sentence an operator can act on, never including secrets. */
export function describeConnectionError(err: unknown, endpoint: string): { code: string; message: string } {
  const e = err as { code?: string; errno?: string; message?: string; severity?: string } | undefined;
  const code = e?.code ?? e?.errno ?? "";
  switch (code) {
    case "ECONNREFUSED":
      return { code: "network", message: `Connection refused by ${endpoint}: is the server running and listening there?` };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { code: "network", message: `Host of ${endpoint} could not be resolved` };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ECONNRESET":
      return { code: "network", message: `Network error talking to ${endpoint} (${code})` };
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return { code: "timeout", message: `Timed out connecting to ${endpoint}` };
    case "57014":
      return { code: "timeout", message: `A query on ${endpoint} took too long and was cancelled` };
    case "28P01":
    case "28000":
    case "ER_ACCESS_DENIED_ERROR":
      return { code: "auth", message: `Authentication failed at ${endpoint}: check the user name and password` };
    case "3D000":
    case "ER_BAD_DB_ERROR":
      return { code: "auth", message: `The database named in the connection URL does not exist on ${endpoint}` };
    case "42501":
    case "ER_TABLEACCESS_DENIED_ERROR":
    case "ER_SPECIFIC_ACCESS_DENIED_ERROR":
      return { code: "permission", message: `The connecting user lacks permission to read this on ${endpoint}` };
    default:
      return { code: "internal", message: `Sync against ${endpoint} failed${code ? ` (${code})` : ""}` };
  }
}
