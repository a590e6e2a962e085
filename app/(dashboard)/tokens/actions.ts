"use server";

import { createApiToken } from "@/lib/api-tokens/create";
import { revokeApiToken } from "@/lib/api-tokens/revoke";
import { runAction } from "@/lib/http/action";

/** The token's secret is in this result only; the page shows it once. */
export async function createApiTokenAction(input: unknown) {
  return runAction((ctx) => createApiToken({ ctx, input }));
}

export async function revokeApiTokenAction(input: unknown) {
  return runAction((ctx) => revokeApiToken({ ctx, input }));
}
