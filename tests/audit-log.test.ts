import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { auditCsvStream, csvCell } from "@/lib/audit/csv";
import { AUDIT_FILTER_RULES, usableAuditFilter } from "@/lib/audit/filter-rules";
import { auditFacets, auditFilterFields, listAudit } from "@/lib/audit/queries";
import { toErrorBody } from "@/lib/errors";
import { useTestDatabase } from "./helpers/db";

/** A tiny RFC 4180 reader, to check the export round-trips what a spreadsheet would read. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe("audit log: filters, paging and CSV", () => {
  let t: Awaited<ReturnType<typeof useTestDatabase>>;
  const session = randomUUID();
  const other = randomUUID();

  beforeAll(async () => {
    t = await useTestDatabase("audit");
    const at = (iso: string) => new Date(iso);
    await t.db.insert(auditLog).values([
      {
        actorType: "user",
        actorId: "u-ada",
        actorLabel: "Ada Admin",
        action: "sync_session.start",
        targetType: "sync_session",
        targetId: session,
        createdAt: at("2026-11-01T09:00:00Z"),
      },
      {
        actorType: "user",
        actorId: "u-ada",
        actorLabel: "Ada Admin",
        action: "sync_session.cancel",
        targetType: "sync_session",
        targetId: session,
        createdAt: at("2026-11-02T10:00:00Z"),
        details: { reason: '=HYPERLINK("http://evil")' },
      },
      {
        actorType: "api_token",
        actorId: "tok",
        actorLabel: "token:ci_100%",
        action: "sync_session.start",
        targetType: "sync_session",
        targetId: other,
        createdAt: at("2026-11-02T23:59:59Z"),
      },
      {
        actorType: "user",
        actorId: "u-bo",
        actorLabel: "Bo Ops",
        action: "instance.create",
        targetType: "instance",
        targetId: randomUUID(),
        createdAt: at("2026-11-03T00:00:00Z"),
        details: { name: "+cmd|' /C calc'!A0", note: 'line1\nline2, "quoted"' },
      },
      {
        actorType: "system",
        actorId: null,
        actorLabel: "scheduler",
        action: "sync_session.schedule",
        targetType: "schedule",
        targetId: "full",
        createdAt: at("2026-11-04T00:00:00Z"),
      },
    ]);
  });

  const ids = async (q: Record<string, unknown>) =>
    (await listAudit(t.db, { limit: 200, ...q })).items.map((e) => e.action + "@" + e.actorLabel);

  it("narrows by actor (name anywhere, case-insensitive, or exact id), action, target and time range, on the server", async () => {
    expect(await ids({ actor: "ada" })).toEqual(["sync_session.cancel@Ada Admin", "sync_session.start@Ada Admin"]);
    expect(await ids({ actor: "u-bo" })).toEqual(["instance.create@Bo Ops"]);
    // LIKE wildcards in the term are literal: `%` matches only a percent sign.
    expect(await ids({ actor: "100%" })).toEqual(["sync_session.start@token:ci_100%"]);
    expect(await ids({ actor: "_" })).toEqual(["sync_session.start@token:ci_100%"]);
    expect(await ids({ action: "sync_session.start" })).toEqual(["sync_session.start@token:ci_100%", "sync_session.start@Ada Admin"]);
    expect((await ids({ action: "sync_session" })).length).toBe(4);
    expect(await ids({ targetType: "sync_session", targetId: session })).toEqual([
      "sync_session.cancel@Ada Admin",
      "sync_session.start@Ada Admin",
    ]);
    // A bare `to` day includes that whole UTC day; `from` is inclusive.
    expect(await ids({ from: "2026-11-02", to: "2026-11-02" })).toEqual([
      "sync_session.start@token:ci_100%",
      "sync_session.cancel@Ada Admin",
    ]);
    expect(await ids({ from: "2026-11-03T00:00:00Z", to: "2026-11-04T00:00:00Z" })).toEqual(["instance.create@Bo Ops"]);
    expect(await ids({ actor: "ada", action: "sync_session.start", from: "2026-11-02" })).toEqual([]);
  });

  it("offers the recorded actions and target types for the filter menus", async () => {
    expect(await auditFacets(t.db)).toEqual({
      actions: ["instance.create", "sync_session.cancel", "sync_session.schedule", "sync_session.start"],
      targetTypes: ["instance", "schedule", "sync_session"],
    });
  });

  it("pages newest first with the cursor, the filters applying to every page", async () => {
    const first = await listAudit(t.db, { action: "sync_session", limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextBefore).toBe(first.items[2]!.id);
    const second = await listAudit(t.db, { action: "sync_session", limit: 3, before: first.nextBefore! });
    expect(second.items.map((e) => e.action)).toEqual(["sync_session.start"]);
    expect(second.nextBefore).toBeNull();
    const all = [...first.items, ...second.items].map((e) => e.id);
    expect(all).toEqual([...all].sort((a, b) => b - a));
  });

  it("answers 400 with a message for a bad filter, never a 500", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ from: "last tuesday" }, /ISO 8601/],
      [{ action: "DROP TABLE" }, /Action looks like/],
      [{ targetType: "Sync Session" }, /Target type looks like/],
      [{ from: "2026-11-05", to: "2026-11-01" }, /`from` must be before `to`/],
      [{ nope: "1" }, /nope/],
      [{ actor: "x".repeat(201) }, /.+/],
    ];
    for (const [q, message] of cases) {
      const err = await listAudit(t.db, q).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, JSON.stringify(q)).toBeDefined();
      const { status, body } = toErrorBody(err);
      expect(status).toBe(400);
      expect(body.error.message).toMatch(message);
    }
  });

  it("the page's URL parsers (no zod in the browser) keep exactly what the API accepts", () => {
    const values = [
      "sync_session",
      "sync_session.cancel",
      "Sync",
      "a.b.c",
      " ada ",
      "",
      "   ",
      "x".repeat(50),
      "x".repeat(51),
      "x".repeat(201),
      "01a2-ff",
      "a b",
    ];
    for (const name of Object.keys(AUDIT_FILTER_RULES) as (keyof typeof AUDIT_FILTER_RULES)[])
      for (const v of values) {
        const api = auditFilterFields[name].safeParse(v);
        expect(usableAuditFilter(name, v), `${name}=${JSON.stringify(v)}`).toBe(api.success ? (api.data ?? null) : null);
      }
  });

  it("escapes CSV cells (RFC 4180) and defuses spreadsheet formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    for (const lead of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${lead}1+1`).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(new Date("2026-11-01T09:00:00Z"))).toBe("2026-11-01T09:00:00.000Z");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("exports exactly the filtered rows, newest first, safe to open in a spreadsheet", async () => {
    const text = await new Response(auditCsvStream(t.db, { from: "2026-11-02", to: "2026-11-03" })).text();
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["id", "created_at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "details"]);
    const listed = (await listAudit(t.db, { from: "2026-11-02", to: "2026-11-03", limit: 200 })).items;
    expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(listed.map((e) => e.id));
    expect(rows.slice(1).map((r) => r[5])).toEqual(["instance.create", "sync_session.start", "sync_session.cancel"]);
    const cancel = rows.find((r) => r[5] === "sync_session.cancel")!;
    expect(JSON.parse(cancel[8]!)).toEqual({ reason: '=HYPERLINK("http://evil")' });
    const created = rows.find((r) => r[5] === "instance.create")!;
    expect(JSON.parse(created[8]!)).toEqual({ name: "+cmd|' /C calc'!A0", note: 'line1\nline2, "quoted"' });
    // No cell a spreadsheet would evaluate.
    for (const r of rows) for (const cell of r) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("streams more rows than one page, and an empty match is just the header", async () => {
    await t.db.insert(auditLog).values(
      Array.from({ length: 1234 }, (_, i) => ({
        actorType: "system" as const,
        actorLabel: "bulk-test",
        action: "bulk_operation.cancel_sessions",
        targetType: "bulk_operation",
        targetId: String(i),
      })),
    );
    const rows = parseCsv(await new Response(auditCsvStream(t.db, { actor: "bulk-test" })).text());
    expect(rows).toHaveLength(1235);
    expect(new Set(rows.slice(1).map((r) => r[7])).size).toBe(1234);
    expect(parseCsv(await new Response(auditCsvStream(t.db, { actor: "nobody-at-all" })).text())).toHaveLength(1);
    expect(() => auditCsvStream(t.db, { limit: 5 })).toThrow();
  });
});
