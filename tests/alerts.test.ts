import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { InngestTestEngine } from "@inngest/test";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertDeliveries, alertRules, auditLog, instanceRecords, liveSessions, syncSessions } from "@/db/schema";
import { createAlertRule } from "@/lib/alerts/create";
import { deleteAlertRule } from "@/lib/alerts/delete";
import { evaluateRunFinished } from "@/lib/alerts/evaluate";
import { verifySignature } from "@/lib/alerts/deliver";
import { deliveryEvents } from "@/lib/alerts/events";
import { muteAlertRule } from "@/lib/alerts/mute";
import { getAlertRule, listAlertDeliveries, listAlertRules } from "@/lib/alerts/queries";
import { sendTestAlert } from "@/lib/alerts/send-test";
import { updateAlertRule } from "@/lib/alerts/update";
import { alertDeliveryWorkflow, alertSweepWorkflow } from "@/lib/alerts/workflows";
import type { Actor } from "@/lib/auth/permissions";
import { bindAccount } from "@/lib/bindings/bind";
import { enqueueEvents } from "@/lib/engine/enqueue";
import type { AnyWorkflow, StepTools } from "@/lib/engine/workflow";
import { toErrorBody } from "@/lib/errors";
import { startBatch } from "@/lib/sync-sessions/start-batch";
import { batchSyncWorkflow } from "@/lib/sync/batch-workflow";
import { inngest } from "@/inngest/client";
import { toInngestFunction } from "@/inngest/to-function";
import { useTestDatabase } from "./helpers/db";
import { makeCtx, makePostgresInstance, makeUser } from "./helpers/factories";
import { useGameServer } from "./helpers/game";
import { makeRunner, waitFor } from "./helpers/runner";

type Received = { path: string; headers: IncomingHttpHeaders; body: string };

/** A local HTTP receiver: records every request and answers with the next queued status (200 when none). */
async function startReceiver() {
  const received: Received[] = [];
  const answers: { status: number; body?: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      const answer = answers.shift() ?? { status: 200 };
      res.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    answers,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

const SECRET = "test-signing-secret-0123456789";
const WORKFLOWS = [alertDeliveryWorkflow, batchSyncWorkflow] as unknown as readonly AnyWorkflow[];

describe("alerts routed per object", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  let runner: ReturnType<typeof makeRunner>;
  let admin: Actor;
  let instX: { id: string; name: string };
  let instY: { id: string; name: string };
  let tick = 0;

  beforeAll(async () => {
    t = await useTestDatabase("alerts");
    rx = await startReceiver();
    runner = makeRunner(t, WORKFLOWS);
    await runner.start();
    admin = await makeUser(t.db, "super_admin");
    instX = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/x", "alert-x");
    instY = await makePostgresInstance(t.db, "postgres://u:p@127.0.0.1:1/y", "alert-y");
  });
  afterAll(async () => {
    await runner.stop();
    await rx.close();
  });

  const ctx = () => makeCtx(t.db, admin);
  const rule = (input: Record<string, unknown>) =>
    createAlertRule({
      ctx: ctx(),
      input: { destination: "webhook", signingSecret: SECRET, url: rx.url(`/hook/${String(input.name)}`), ...input },
    });

  /** A finished run with one record of `instanceId`; completion times strictly increase across calls. */
  async function finishedRun(
    instanceId: string,
    status: "failed" | "completed",
    opts: { category?: "account" | "capacity"; seconds?: number } = {},
  ) {
    const completedAt = new Date(Date.now() + ++tick);
    const startedAt = new Date(completedAt.getTime() - (opts.seconds ?? 1) * 1000);
    const [session] = await t.db
      .insert(syncSessions)
      .values({ syncType: "manual_batch", syncCategory: opts.category ?? "account", status, startedAt, completedAt, totalInstances: 1 })
      .returning();
    const [record] = await t.db
      .insert(instanceRecords)
      .values({
        syncSessionId: session!.id,
        instanceId,
        status,
        startedAt,
        completedAt,
        errorMessage: status === "failed" ? "Connection refused" : null,
      })
      .returning();
    return { session: session!, record: record! };
  }

  /** Hands new deliveries to the engine and waits until none is pending. */
  async function deliver(ids: string[]) {
    if (ids.length) await runner.send(deliveryEvents(ids));
    return waitFor(async () => {
      const rows = ids.length ? await t.db.select().from(alertDeliveries).where(inArray(alertDeliveries.id, ids)) : [];
      return rows.every((r) => r.status !== "pending") && rows;
    }, "deliveries to finish");
  }

  const ruleIdsOf = async (ids: string[]) =>
    ids.length
      ? (await t.db.select({ ruleId: alertDeliveries.ruleId }).from(alertDeliveries).where(inArray(alertDeliveries.id, ids))).map(
          (r) => r.ruleId,
        )
      : [];

  it("a failed record on instance X fires the rule on X, its category and everything, not the rule on Y; signed; re-evaluation sends nothing twice", async () => {
    const onX = await rule({ name: "on-x", scope: "instance", scopeRef: instX.id, condition: "run_failed" });
    const onY = await rule({ name: "on-y", scope: "instance", scopeRef: instY.id, condition: "run_failed" });
    const onAccount = await rule({ name: "on-account", scope: "category", scopeRef: "account", condition: "run_failed" });
    const onCapacity = await rule({ name: "on-capacity", scope: "category", scopeRef: "capacity", condition: "run_failed" });
    const onAll = await rule({ name: "on-all", scope: "all", condition: "run_failed" });
    expect(onX).toMatchObject({ scopeName: "alert-x", destinationHost: new URL(rx.url("/")).host, hasSigningSecret: true, version: 1 });

    const { session, record } = await finishedRun(instX.id, "failed");
    const ids = await evaluateRunFinished(t.db, session.id);
    expect((await ruleIdsOf(ids)).sort()).toEqual([onX.id, onAccount.id, onAll.id].sort());
    expect(await evaluateRunFinished(t.db, session.id)).toEqual([]);

    const before = rx.received.length;
    const rows = await deliver(ids);
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered", "delivered"]);
    const got = rx.received.slice(before);
    expect(got.map((r) => r.path).sort()).toEqual(["/hook/on-account", "/hook/on-all", "/hook/on-x"]);
    for (const req of got) {
      // The signature covers "<timestamp>.<body>", so a replay cannot bring a fresh timestamp.
      const ts = String(req.headers["x-syncdeck-timestamp"]);
      expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(60);
      const expected = `sha256=${createHmac("sha256", SECRET).update(`${ts}.${req.body}`).digest("hex")}`;
      expect(req.headers["x-syncdeck-signature"]).toBe(expected);
      const headers = { timestamp: ts, signature: String(req.headers["x-syncdeck-signature"]) };
      expect(verifySignature(req.body, headers, SECRET)).toBe(true);
      // Replayed 6 minutes later, or with a new timestamp, it no longer verifies.
      expect(verifySignature(req.body, headers, SECRET, Number(ts) + 6 * 60)).toBe(false);
      expect(verifySignature(req.body, { ...headers, timestamp: String(Number(ts) + 1) }, SECRET)).toBe(false);
      const body = JSON.parse(req.body);
      expect(body).toMatchObject({
        rule: { condition: "run_failed" },
        event: { type: "run_failed", recordId: record.id, sessionId: session.id },
        object: { type: "instance", id: instX.id, name: "alert-x" },
        test: false,
      });
      expect(body.occurredAt).toBe(record.completedAt!.toISOString());
    }
    // A tampered body does not verify.
    expect(
      verifySignature(
        `${got[0]!.body} `,
        { timestamp: String(got[0]!.headers["x-syncdeck-timestamp"]), signature: String(got[0]!.headers["x-syncdeck-signature"]) },
        SECRET,
      ),
    ).toBe(false);
    // Re-evaluation after delivery still sends nothing new.
    expect(await evaluateRunFinished(t.db, session.id)).toEqual([]);
    expect(rx.received.length).toBe(before + 3);
    for (const r of [onX, onY, onAccount, onCapacity, onAll]) await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  });

  it("consecutive_failures fires once when the streak reaches N, and again only after a success", async () => {
    const r3 = await rule({
      name: "three-in-a-row",
      scope: "instance",
      scopeRef: instY.id,
      condition: "consecutive_failures",
      threshold: 3,
    });
    const fired: string[][] = [];
    for (const status of ["failed", "failed", "failed", "failed", "completed", "failed", "failed", "failed"] as const) {
      const { session } = await finishedRun(instY.id, status);
      fired.push(await evaluateRunFinished(t.db, session.id));
    }
    expect(fired.map((ids) => ids.length)).toEqual([0, 0, 1, 0, 0, 0, 0, 1]);
    const payloads = await t.db.select().from(alertDeliveries).where(eq(alertDeliveries.ruleId, r3.id));
    expect(payloads[0]!.payload).toMatchObject({
      event: { type: "consecutive_failures", consecutiveFailures: 3 },
      object: { id: instY.id },
    });
    await deleteAlertRule({ ctx: ctx(), input: { ruleId: r3.id } });
  });

  it("slow_run compares the run's duration (or the instance's) with T seconds", async () => {
    const slow = await rule({ name: "slow-capacity", scope: "category", scopeRef: "capacity", condition: "slow_run", threshold: 60 });
    const slowX = await rule({ name: "slow-x", scope: "instance", scopeRef: instX.id, condition: "slow_run", threshold: 30 });
    const fast = await finishedRun(instX.id, "completed", { category: "capacity", seconds: 20 });
    expect(await evaluateRunFinished(t.db, fast.session.id)).toEqual([]);
    const medium = await finishedRun(instX.id, "completed", { category: "capacity", seconds: 45 });
    expect(await ruleIdsOf(await evaluateRunFinished(t.db, medium.session.id))).toEqual([slowX.id]);
    const long = await finishedRun(instX.id, "completed", { category: "capacity", seconds: 90 });
    expect((await ruleIdsOf(await evaluateRunFinished(t.db, long.session.id))).sort()).toEqual([slow.id, slowX.id].sort());
    const [d] = await t.db.select().from(alertDeliveries).where(eq(alertDeliveries.ruleId, slow.id));
    expect(d!.payload).toMatchObject({
      event: { type: "slow_run", durationSeconds: 90, thresholdSeconds: 60 },
      object: { type: "sync_session", id: long.session.id },
    });
    for (const r of [slow, slowX]) await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  });

  it("a muted rule sends nothing, not even after unmuting; a disabled one neither", async () => {
    const muted = await rule({ name: "muted", scope: "instance", scopeRef: instX.id, condition: "run_failed" });
    const off = await rule({ name: "off", scope: "instance", scopeRef: instX.id, condition: "run_failed", enabled: false });
    const m = await muteAlertRule({ ctx: ctx(), input: { ruleId: muted.id, until: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(m.mutedUntil).not.toBeNull();
    const { session } = await finishedRun(instX.id, "failed");
    expect(await evaluateRunFinished(t.db, session.id)).toEqual([]);
    // Unmute strictly after that failure happened (its completedAt is a few ms ahead of now).
    await new Promise((r) => setTimeout(r, Math.max(0, session.completedAt!.getTime() - Date.now()) + 20));
    const un = await muteAlertRule({ ctx: ctx(), input: { ruleId: muted.id, until: null } });
    expect(un.mutedUntil).toBeNull();
    expect(await evaluateRunFinished(t.db, session.id)).toEqual([]);
    // After unmuting, new failures are sent again.
    const later = await finishedRun(instX.id, "failed");
    expect(await ruleIdsOf(await evaluateRunFinished(t.db, later.session.id))).toEqual([muted.id]);
    const bad = toErrorBody(
      await muteAlertRule({ ctx: ctx(), input: { ruleId: muted.id, until: new Date(Date.now() - 1000).toISOString() } }).catch((e) => e),
    );
    expect(bad).toMatchObject({ status: 400, body: { error: { message: "Mute until a time in the future" } } });
    for (const r of [muted, off]) await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  });

  it("retries with backoff: 500, 500, then 200 is delivered after 3 attempts; a 404 fails at once with a scrubbed error", async () => {
    const r = await rule({ name: "flaky", scope: "all", condition: "run_failed", url: rx.url("/hook/T0KENPATHabcdef?token=querysecret") });
    rx.answers.push({ status: 500, body: "boom at /hook/T0KENPATHabcdef?token=querysecret" }, { status: 500 });
    const { session } = await finishedRun(instY.id, "failed");
    const ids = await evaluateRunFinished(t.db, session.id);
    const [row] = await deliver(ids);
    expect(row).toMatchObject({ status: "delivered", attempts: 3, responseStatus: 200, lastError: null });
    const list = await listAlertDeliveries(t.db, { ruleId: r.id });
    expect(list.items[0]).toMatchObject({ id: row!.id, status: "delivered", attempts: 3, ruleName: "flaky" });

    // A 404 will not get better: failed at once, the response body scrubbed of the URL's secret parts.
    rx.answers.push({ status: 404, body: "no route /hook/T0KENPATHabcdef?token=querysecret" });
    const test = await sendTestAlert({ ctx: ctx(), input: { ruleId: r.id } });
    const [failed] = await deliver([test.id]);
    expect(failed).toMatchObject({ status: "failed", attempts: 1, responseStatus: 404 });
    expect(failed!.lastError).toMatch(/^HTTP 404/);
    for (const leak of ["T0KENPATHabcdef", "querysecret", SECRET]) expect(failed!.lastError).not.toContain(leak);

    const rules = JSON.stringify([await listAlertRules(t.db), await getAlertRule(t.db, r.id), await listAlertDeliveries(t.db, {})]);
    for (const leak of ["T0KENPATHabcdef", "querysecret", SECRET, "/hook/"]) expect(rules).not.toContain(leak);
    const audit = JSON.stringify(await t.db.select().from(auditLog));
    for (const leak of ["T0KENPATHabcdef", "querysecret", SECRET]) expect(audit).not.toContain(leak);
    await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  }, 30_000);

  it("a slack destination gets incoming-webhook JSON ({ text, blocks })", async () => {
    const r = await createAlertRule({
      ctx: ctx(),
      input: { name: "to-slack", scope: "all", condition: "run_failed", destination: "slack", url: rx.url("/services/T000/B000/XXXX") },
    });
    expect(r.hasSigningSecret).toBe(false);
    const before = rx.received.length;
    const test = await sendTestAlert({ ctx: ctx(), input: { ruleId: r.id } });
    expect(test).toMatchObject({ status: "pending", isTest: true, attempts: 0 });
    await deliver([test.id]);
    const req = rx.received[before]!;
    const body = JSON.parse(req.body);
    expect(Object.keys(body).sort()).toEqual(["blocks", "text"]);
    expect(body.text).toMatch(/^\[test\] to-slack: Test alert from Syncdeck/);
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(body.blocks[1].type).toBe("context");
    expect(req.headers["x-syncdeck-signature"]).toBeUndefined();
    await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  });

  it("live_error_for fires through the sweep once a session has been in error longer than T, once per episode, for its binding", async () => {
    const g = await useGameServer(t.db);
    try {
      const { account, store } = g.pair(0);
      const other = g.pair(1);
      const { binding, liveSession } = await bindAccount({ ctx: ctx(), input: { gameAccountId: account.id, storeId: store.id } });
      const { binding: otherBinding } = await bindAccount({
        ctx: ctx(),
        input: { gameAccountId: other.account.id, storeId: other.store.id },
      });
      const onBinding = await rule({
        name: "binding-down",
        scope: "binding",
        scopeRef: binding.id,
        condition: "live_error_for",
        threshold: 60,
      });
      const onOther = await rule({
        name: "other-down",
        scope: "binding",
        scopeRef: otherBinding.id,
        condition: "live_error_for",
        threshold: 60,
      });
      expect(onBinding.scopeName).toBe(`${account.username} → ${store.name}`);
      const sweep = async () => {
        const sent: string[] = [];
        const step: StepTools = {
          run: (_id, fn) => fn(),
          sleep: async () => {},
          sendEvent: async (_id, events) => {
            const list = Array.isArray(events) ? events : [events];
            sent.push(...list.map((e) => String(e.data.deliveryId)));
            await t.db.transaction((tx) => enqueueEvents(tx, WORKFLOWS, list));
          },
        };
        await alertSweepWorkflow.handler({}, step, { db: t.db });
        return sent;
      };
      await t.db
        .update(liveSessions)
        .set({ state: "error", errorMsg: "Game server unreachable", errorSince: new Date(Date.now() - 30_000) })
        .where(eq(liveSessions.id, liveSession.id));
      expect(await sweep()).toEqual([]);
      const since = new Date(Date.now() - 120_000);
      await t.db.update(liveSessions).set({ errorSince: since }).where(eq(liveSessions.id, liveSession.id));
      const before = rx.received.length;
      const ids = await sweep();
      expect(await ruleIdsOf(ids)).toEqual([onBinding.id]);
      await waitFor(async () => rx.received.length > before, "the live alert");
      expect(JSON.parse(rx.received[before]!.body)).toMatchObject({
        event: { type: "live_error_for", liveSessionId: liveSession.id, errorSince: since.toISOString() },
        object: { type: "binding", id: binding.id },
      });
      expect(await sweep()).toEqual([]);
      // A new error episode is a new alert.
      await t.db
        .update(liveSessions)
        .set({ errorSince: new Date(Date.now() - 90_000) })
        .where(eq(liveSessions.id, liveSession.id));
      expect(await ruleIdsOf(await sweep())).toEqual([onBinding.id]);
      for (const r of [onBinding, onOther]) await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
    } finally {
      await g.server.close();
    }
  });

  it("a real batch run's failure reaches the receiver through the batch workflow", async () => {
    const ops = await makeUser(t.db, "ops");
    const r = await rule({ name: "batch-hook", scope: "instance", scopeRef: instX.id, condition: "run_failed" });
    const before = rx.received.length;
    const session = await startBatch({ ctx: makeCtx(t.db, ops), input: { category: "config", instanceIds: [instX.id] } });
    await waitFor(async () => rx.received.slice(before).find((x) => x.path === "/hook/batch-hook"), "the batch alert");
    const body = JSON.parse(rx.received.slice(before).find((x) => x.path === "/hook/batch-hook")!.body);
    expect(body).toMatchObject({ event: { type: "run_failed", sessionId: session.id, category: "config" }, object: { id: instX.id } });
    await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id } });
  });

  it("alert-delivery runs as an Inngest function, step code for real", async () => {
    const r = await rule({ name: "inngest-hook", scope: "all", condition: "run_failed" });
    const test = await sendTestAlert({ ctx: ctx(), input: { ruleId: r.id } });
    await runner.stop();
    const engine = new InngestTestEngine({
      function: toInngestFunction(inngest, alertDeliveryWorkflow as unknown as AnyWorkflow, () => ({ db: t.db })),
    });
    const { result, error } = await engine.execute({ events: [{ name: "alerts/delivery.requested", data: { deliveryId: test.id } }] });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ done: true, status: "delivered", responseStatus: 200 });
    runner = makeRunner(t, WORKFLOWS);
    await runner.start();
  });

  it("validates input with clear 400s, locks versions (412) and lets only super admins change rules", async () => {
    const r = await rule({ name: "validate", scope: "all", condition: "run_failed" });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ url: "ftp://example.com/x" }, /must start with http:\/\/ or https:\/\//],
      [{ url: "not a url" }, /not a valid URL/],
      [{ scope: "binding", scopeRef: instX.id, condition: "run_failed" }, /binding has no batch runs/],
      [{ scope: "instance", scopeRef: "00000000-0000-4000-8000-000000000000" }, /No instance with that id/],
      [{ scope: "category", scopeRef: "weather" }, /Unknown category/],
      [{ condition: "consecutive_failures" }, /threshold N between 2 and 100/],
      [{ signingSecret: undefined }, /webhook destination needs a signing secret/],
      [{ signingSecret: "short" }, /at least 16 characters/],
      // Credentials in the URL would never be sent (fetch refuses them) and would sit in the rule.
      [{ url: "http://user:pass@127.0.0.1:9/hook" }, /must not contain a user name or password/],
    ];
    for (const [patch, message] of cases) {
      const res = toErrorBody(await rule({ name: "bad", scope: "all", condition: "run_failed", ...patch }).catch((e) => e));
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const updated = await updateAlertRule({
      ctx: ctx(),
      input: { ruleId: r.id, expectedVersion: 1, name: "validated", url: rx.url("/elsewhere") },
    });
    expect(updated).toMatchObject({ name: "validated", version: 2 });
    const withCredentials = toErrorBody(
      await updateAlertRule({ ctx: ctx(), input: { ruleId: r.id, expectedVersion: 2, url: "https://u:p@127.0.0.1:9/x" } }).catch((e) => e),
    );
    expect(withCredentials.status).toBe(400);
    expect(withCredentials.body.error.message).toMatch(/must not contain a user name or password/);
    const stale = toErrorBody(
      await updateAlertRule({ ctx: ctx(), input: { ruleId: r.id, expectedVersion: 1, name: "x" } }).catch((e) => e),
    );
    expect(stale.status).toBe(412);
    for (const role of ["ops", "viewer"] as const) {
      const c = makeCtx(t.db, await makeUser(t.db, role));
      const attempts = [
        createAlertRule({ ctx: c, input: { name: "x", scope: "all", condition: "run_failed", destination: "slack", url: rx.url("/x") } }),
        updateAlertRule({ ctx: c, input: { ruleId: r.id, expectedVersion: 2, name: "x" } }),
        muteAlertRule({ ctx: c, input: { ruleId: r.id, until: null } }),
        sendTestAlert({ ctx: c, input: { ruleId: r.id } }),
        deleteAlertRule({ ctx: c, input: { ruleId: r.id } }),
      ];
      for (const p of attempts)
        expect(toErrorBody(await p.catch((e) => e))).toMatchObject({ status: 403, body: { error: { code: "forbidden:alert_rule" } } });
    }
    await deleteAlertRule({ ctx: ctx(), input: { ruleId: r.id, expectedVersion: 2 } });
    expect(await t.db.$count(alertRules, eq(alertRules.id, r.id))).toBe(0);
  });
});
