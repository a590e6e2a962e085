import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, bindings, gameAccounts, stores } from "@/db/schema";
import { decryptSecret } from "@/lib/crypto/secrets";
import { toErrorBody } from "@/lib/errors";
import { gameServerDirectory } from "@/lib/game-server/directory";
import { refreshGameServerDirectory } from "@/lib/game-server/refresh-directory";
import { setGameAccountToken } from "@/lib/game-server/set-account-token";
import { deleteInstance } from "@/lib/instances/delete";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useTestDatabase } from "./helpers/db";
import { useGameServer } from "./helpers/game";

describe("a game server's directory and account tokens", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let game: Awaited<ReturnType<typeof useGameServer>>;
  beforeAll(async () => {
    t = await useTestDatabase("gamedir");
    game = await useGameServer(t.db);
  });
  afterAll(async () => {
    await game?.server.close();
  });

  it("refreshes houses and accounts from the game server, keeping tokens already set", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const first = game.server.directory.accounts[0]!;
    // One account and all houses forgotten: the refresh brings them back.
    await t.db.delete(gameAccounts).where(eq(gameAccounts.externalId, first.id));
    const res = await refreshGameServerDirectory({ ctx, input: { instanceId: game.instance.id } });
    expect(res).toEqual({
      instanceId: game.instance.id,
      houses: game.server.directory.houses.length,
      accounts: game.server.directory.accounts.length,
    });
    const dir = await gameServerDirectory(t.db, game.instance.id);
    expect(dir.accounts.map((a) => a.externalId).sort()).toEqual(game.server.directory.accounts.map((a) => a.id).sort());
    expect(dir.accounts.find((a) => a.externalId === first.id)?.hasToken).toBe(false);
    expect(dir.accounts.filter((a) => a.externalId !== first.id).every((a) => a.hasToken)).toBe(true);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, game.instance.id));
    expect(audit.map((a) => a.action)).toEqual(["instance.refresh_directory"]);
    expect(JSON.stringify(audit)).not.toContain(game.server.directory.operatorToken);
  });

  it("sets a game account's token encrypted, never returning or auditing it", async () => {
    const ctx = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const first = game.server.directory.accounts[0]!;
    const [row] = await t.db.select().from(gameAccounts).where(eq(gameAccounts.externalId, first.id));
    const res = await setGameAccountToken({ ctx, input: { gameAccountId: row!.id, token: first.token } });
    expect(JSON.stringify(res)).not.toContain(first.token);
    expect(res.hasToken).toBe(true);
    const [stored] = await t.db.select().from(gameAccounts).where(eq(gameAccounts.id, row!.id));
    expect(stored?.tokenCiphertext).not.toContain(first.token);
    expect(decryptSecret(stored!.tokenCiphertext!)).toBe(first.token);
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.targetId, row!.id));
    expect(audit.map((a) => a.action)).toEqual(["game_account.set_token"]);
    expect(JSON.stringify(audit)).not.toContain(first.token);
    const empty = toErrorBody(await setGameAccountToken({ ctx, input: { gameAccountId: row!.id, token: " " } }).catch((e) => e));
    expect(empty.status).toBe(400);
  });

  it("is for super admins only, and for game servers only", async () => {
    const [row] = await t.db.select().from(gameAccounts).where(eq(gameAccounts.instanceId, game.instance.id)).limit(1);
    for (const role of ["ops", "viewer"] as const) {
      const ctx = makeCtx(t.db, await makeUser(t.db, role));
      expect(toErrorBody(await refreshGameServerDirectory({ ctx, input: { instanceId: game.instance.id } }).catch((e) => e)).status).toBe(
        403,
      );
      expect(toErrorBody(await setGameAccountToken({ ctx, input: { gameAccountId: row!.id, token: "x" } }).catch((e) => e)).status).toBe(
        403,
      );
    }
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const pg = await makePostgresInstance(t.db, t.url);
    const notGame = toErrorBody(await refreshGameServerDirectory({ ctx: admin, input: { instanceId: pg.id } }).catch((e) => e));
    expect(notGame.status).toBe(400);
    expect(notGame.body.error.message).toMatch(/not a game server/);
  });

  it("refuses deleting a game server with an active binding (409)", async () => {
    const admin = makeCtx(t.db, await makeUser(t.db, "super_admin"));
    const { account, store } = game.pair(1);
    const [binding] = await t.db.insert(bindings).values({ gameAccountId: account.id, storeId: store.id }).returning();
    const err = toErrorBody(await deleteInstance({ ctx: admin, input: { instanceId: game.instance.id } }).catch((e) => e));
    expect(err.status).toBe(409);
    expect(err.body.error.message).toContain("active binding");
    await t.db.update(bindings).set({ status: "inactive" }).where(eq(bindings.id, binding!.id));
    expect((await deleteInstance({ ctx: admin, input: { instanceId: game.instance.id } })).deleted).toBe(true);
    // Its houses stay as rows for the bindings' history.
    expect(await t.db.$count(stores, eq(stores.instanceId, game.instance.id))).toBe(game.server.directory.houses.length);
  });
});
