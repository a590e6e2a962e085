import "server-only";
import { requestCtx } from "@/lib/auth/server";
import type { Ctx } from "@/lib/context";
import { toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; status: number; error: { code: string; message: string } };

/** Runs a server action body with the caller's ctx; errors come back as data the form can show. */
export async function runAction<T>(fn: (ctx: Ctx) => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn(await requestCtx()) };
  } catch (err) {
    const { status, body } = toErrorBody(err);
    if (status >= 500) logger.error({ err: (err as Error)?.message }, "server action failed");
    return { ok: false, status, error: { code: body.error.code, message: body.error.message } };
  }
}
