import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { appDb } from "@/db/client";
import { listApiTokens } from "@/lib/api-tokens/queries";
import { can } from "@/lib/auth/permissions";
import { requireUser, userActor } from "@/lib/auth/server";
import { TokensClient } from "./client";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  // Super admins only; to anyone else the page does not exist.
  if (!can(userActor(await requireUser()), "api_token:write")) notFound();
  const tokens = await listApiTokens(appDb().db);
  // JSON round trip: dates become the strings the API returns, so server and client data match.
  return <TokensClient initialTokens={JSON.parse(JSON.stringify(tokens))} />;
}
