import { createHmac, timingSafeEqual } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { alertDeliveries, alertRules } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { notifyChange } from "@/lib/live/notify";
import { targetProblem } from "@/lib/security/allowed-targets";
import { slackBody, webhookBody, type AlertPayload } from "./payload";
import { scrub } from "./redact";
import { MAX_ALERT_ATTEMPTS } from "./schemas";
import type { AlertDeliveryStatus } from "@/lib/domain/values";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const SIGNATURE_HEADER = "X-Syncdeck-Signature";
export const TIMESTAMP_HEADER = "X-Syncdeck-Timestamp";

/** How old a delivery's timestamp may be for a receiver to accept it (README: verifying deliveries). */
export const SIGNATURE_TOLERANCE_S = 300;

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<exact body bytes>">`. The timestamp (Unix seconds, also
 * sent as X-Syncdeck-Timestamp) is signed with the body, so a captured delivery cannot be replayed
 * later with a fresh timestamp.
 */
export function signBody(body: string, secret: string, timestamp: string) {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** What a receiver does: the signature matches, and the timestamp is within 5 minutes of its clock. */
export function verifySignature(
  body: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  secret: string,
  nowS = Math.floor(Date.now() / 1000),
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowS - Number(timestamp)) > SIGNATURE_TOLERANCE_S) return false;
  const expected = Buffer.from(signBody(body, secret, timestamp));
  const got = Buffer.from(signature);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Wait before the next attempt: 1 s, 2 s, 4 s, 8 s. */
export function backoffMs(attempt: number) {
  return Math.min(1_000 * 2 ** (attempt - 1), 60_000);
}

type PostResult = { status: number | null; ok: boolean; error: string | null; permanent: boolean };

/** POSTs once; same-host 307/308 redirects are followed, any other redirect is refused. Never throws. */
export async function postJson(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
  let target = new URL(url);
  try {
    for (let hop = 0; hop < 3; hop++) {
      const refused = await targetProblem(target.hostname.replace(/^\[(.*)\]$/, "$1"));
      if (refused) return { status: null, ok: false, error: `Not delivered: ${refused}`, permanent: true };
      const res = await fetch(target, {
        method: "POST",
        body,
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => {});
        const next = new URL(location, target);
        if (next.host !== target.host || next.protocol !== target.protocol)
          return {
            status: res.status,
            ok: false,
            error: `HTTP ${res.status}: redirected to another host (${next.host}); not followed`,
            permanent: true,
          };
        if (res.status !== 307 && res.status !== 308)
          return {
            status: res.status,
            ok: false,
            error: `HTTP ${res.status}: redirect not followed (a POST must not turn into a GET)`,
            permanent: true,
          };
        target = next;
        continue;
      }
      const text = (await res.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
      if (res.ok) return { status: res.status, ok: true, error: null, permanent: false };
      // A 4xx other than timeout/rate limit will not get better by asking again.
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      return {
        status: res.status,
        ok: false,
        error: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${text ? `: ${text}` : ""}`,
        permanent,
      };
    }
    return { status: null, ok: false, error: "Too many redirects", permanent: true };
  } catch (err) {
    return { status: null, ok: false, error: `${target.host}: ${networkMessage(err)}`, permanent: false };
  }
}

function networkMessage(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  const code = e?.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host name lookup failed",
    ECONNRESET: "connection reset",
    EHOSTUNREACH: "host unreachable",
    ETIMEDOUT: "connection timed out",
    UND_ERR_SOCKET: "connection closed",
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  return code ? `request failed (${code})` : `request failed (${e?.cause?.message ?? e?.message ?? "unknown error"})`;
}

export type AttemptOutcome = {
  done: boolean;
  status: AlertDeliveryStatus;
  responseStatus: number | null;
  error: string | null;
};

/** One attempt of one delivery, recorded on its row. Repeating an attempt that was already recorded sends nothing. */
export async function attemptDelivery(db: Database, deliveryId: string, attempt: number): Promise<AttemptOutcome> {
  const [row] = await db
    .select({ delivery: alertDeliveries, rule: alertRules })
    .from(alertDeliveries)
    .innerJoin(alertRules, eq(alertRules.id, alertDeliveries.ruleId))
    .where(eq(alertDeliveries.id, deliveryId));
  if (!row) return { done: true, status: "failed", responseStatus: null, error: "The delivery or its rule was deleted" };
  const { delivery, rule } = row;
  if (delivery.status !== "pending" || delivery.attempts >= attempt) {
    return {
      done: delivery.status !== "pending",
      status: delivery.status,
      responseStatus: delivery.responseStatus,
      error: delivery.lastError,
    };
  }
  const url = decryptSecret(rule.urlEncrypted);
  const secret = rule.signingSecretEncrypted ? decryptSecret(rule.signingSecretEncrypted) : null;
  const payload = delivery.payload as AlertPayload;
  const body = JSON.stringify(rule.destination === "slack" ? slackBody(payload) : webhookBody(payload, delivery.id));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Syncdeck-Alerts/1",
    [TIMESTAMP_HEADER]: timestamp,
    "X-Syncdeck-Delivery": delivery.id,
  };
  if (secret) headers[SIGNATURE_HEADER] = signBody(body, secret, timestamp);

  const result = await postJson(url, body, headers);
  const final = result.ok || result.permanent || attempt >= MAX_ALERT_ATTEMPTS;
  const status = result.ok ? "delivered" : final ? "failed" : "pending";
  const error = result.error ? scrub(result.error, url, secret).slice(0, 500) : null;
  await db.transaction(async (tx) => {
    await tx
      .update(alertDeliveries)
      .set({ attempts: attempt, responseStatus: result.status, lastError: error, status, deliveredAt: result.ok ? sql`now()` : null })
      .where(eq(alertDeliveries.id, delivery.id));
    await notifyChange(tx, "alert_delivery", delivery.id, { ruleId: rule.id });
  });
  return { done: final, status, responseStatus: result.status, error };
}
