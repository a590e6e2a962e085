const BASE_MS = 2_000;
const CAP_MS = 5 * 60_000;

/** Exponential backoff with jitter (50–100 % of the step), capped at five minutes. */
export function retryDelayMs(retryCount: number, random = Math.random): number {
  const step = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, retryCount - 1));
  return Math.round(step * (0.5 + random() * 0.5));
}

/** The columns that describe a live session's error and its retry: all cleared when it recovers or is reset. */
export const NO_ERROR = {
  errorMsg: null,
  failureClass: null,
  errorDetail: null,
  errorSince: null,
  retryCount: 0,
  nextRetryAt: null,
} as const;
