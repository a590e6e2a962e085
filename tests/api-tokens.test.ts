import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens, syncSessions } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create";
import { actorForBearer, listApiTokens } from "@/lib/api-tokens/queries";
import { revokeApiToken } from "@/lib/api-tokens/revoke";
import { toErrorBody } from "@/lib/errors";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";

describe("API tokens", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  beforeAll(async () => {
    t = await useTestDatabase("tokens");
  });

  it("shows the token once, stores only its hash, and acts with its role", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const created = await createApiToken({ ctx: makeCtx(t.db, admin), input: { name: "ci", role: "ops", expiresInDays: 30 } });
    expect(created.token).toMatch(/^sdk_/);
    const [stored] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(JSON.stringify(await listApiTokens(t.db))).not.toContain(created.token);

    const actor = await actorForBearer(t.db, created.token);
    expect(actor).toMatchObject({ type: "api_token", id: created.id, role: "ops" });
    await makePostgresInstance(t.db, t.url);
    const session = await startBatch({ ctx: makeCtx(t.db, actor), input: { category: "account" } });
    const [row] = await t.db.select().from(syncSessions).where(eq(syncSessions.id, session.id));
    expect(row).toMatchObject({ createdBy: null, createdByToken: created.id });
    const [used] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("refuses viewer tokens on mutations (403) and revoked, expired or unknown tokens (401)", async () => {
    const admin = await makeUser(t.db, "super_admin");
    const viewerToken = await createApiToken({ ctx: makeCtx(t.db, admin), input: { name: "dash", role: "viewer" } });
    const viewer = await actorForBearer(t.db, viewerToken.token);
    expect(toErrorBody(await startBatch({ ctx: makeCtx(t.db, viewer), input: { category: "account" } }).catch((e) => e)).status).toBe(403);
    expect(
      toErrorBody(await createApiToken({ ctx: makeCtx(t.db, viewer), input: { name: "x", role: "ops" } }).catch((e) => e)).status,
    ).toBe(403);

    await revokeApiToken({ ctx: makeCtx(t.db, admin), input: { tokenId: viewerToken.id } });
    const revoked = toErrorBody(await actorForBearer(t.db, viewerToken.token).catch((e) => e));
    expect(revoked).toMatchObject({ status: 401, body: { error: { message: "This API token was revoked" } } });

    const expiring = await createApiToken({ ctx: makeCtx(t.db, admin), input: { name: "short", role: "ops", expiresInDays: 1 } });
    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, expiring.id));
    expect(toErrorBody(await actorForBearer(t.db, expiring.token).catch((e) => e)).body.error.message).toBe("This API token has expired");
    expect(toErrorBody(await actorForBearer(t.db, "sdk_nope").catch((e) => e)).status).toBe(401);
    expect(
      toErrorBody(await createApiToken({ ctx: makeCtx(t.db, admin), input: { name: "bad", role: "super_admin" } }).catch((e) => e)).status,
    ).toBe(400);
  });
});
