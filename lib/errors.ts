import { ZodError } from "zod";

/** Error kinds and their HTTP status: the prefix of every error code. The API document is built from these too. */
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_required: 428,
  unavailable: 503,
} as const;
export type ErrorKind = keyof typeof ERROR_STATUS;
export const ERROR_KINDS = Object.keys(ERROR_STATUS) as ErrorKind[];

/** The one error type of the domain. `code` is stable, e.g. `conflict:binding`, `forbidden:sync_session`. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: `${ErrorKind}:${string}`,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ERROR_STATUS[code.split(":")[0] as ErrorKind] ?? 500;
  }
}

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Maps any thrown value to a status and a body that is safe to show (no stack, no secret). */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  if (err instanceof ZodError) {
    const details = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    const first = details[0];
    const message = first ? `Invalid input${first.path ? ` at ${first.path}` : ""}: ${first.message}` : "Invalid input";
    return { status: 400, body: { error: { code: "bad_request:validation", message, details } } };
  }
  if (textEncodingError(err)) {
    return {
      status: 400,
      body: { error: { code: "bad_request:text", message: "Text may not contain NUL characters (\\u0000) or invalid Unicode" } },
    };
  }
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong on our side; it has been logged." } } };
}

/**
 * The driver's or PostgreSQL's error behind `err` (drizzle wraps it as `cause`): the first in the cause
 * chain with a string `code` (a SQLSTATE such as 23505, or a driver code such as CONNECTION_CLOSED).
 */
export function pgError(err: unknown): { code: string; constraint_name?: string } | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof (e as { code?: unknown }).code === "string") return e as { code: string; constraint_name?: string };
  }
  return undefined;
}

export const pgErrorCode = (err: unknown) => pgError(err)?.code;

/** PostgreSQL refused text it cannot store (a NUL byte, a lone surrogate): bad input, not our fault. */
function textEncodingError(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === "22021" || code === "22P05";
}
