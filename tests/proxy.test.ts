/**
 * proxy.ts, called as Next calls it (a NextRequest in, a NextResponse out): the per-request nonce CSP
 * on pages, JSON 4xx instead of Next's 500s for a path that is not UTF-8 and for hostile server-action
 * requests (foreign origin 403, non-JSON 400, over 1 MB 413). The same paths through the real server
 * are in e2e/security.spec.ts.
 */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, proxy } from "@/proxy";

const OWN = "http://localhost:3000";
const COOKIE = "better-auth.session_token=abc.def";

function req(path: string, init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {}) {
  return new NextRequest(new URL(path, OWN), {
    method: init.method ?? "GET",
    headers: { cookie: COOKIE, ...init.headers },
    body: init.body,
    ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as ConstructorParameters<typeof NextRequest>[1]);
}

const action = (body: BodyInit, headers: Record<string, string> = {}) =>
  req("/sessions", {
    method: "POST",
    headers: { "next-action": "7f00aa", "content-type": "text/plain;charset=UTF-8", origin: OWN, ...headers },
    body,
  });

const passes = (res: Response) => res.headers.get("x-middleware-next") === "1";

async function refused(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
}

describe("proxy: CSP nonce", () => {
  it("gives every page a fresh nonce in a CSP without 'unsafe-inline' for scripts, and hands it to the render", async () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/sessions", "/sign-in", "/sessions"]) {
      const res = await proxy(req(path, path === "/sign-in" ? { headers: { cookie: "" } } : {}));
      expect(passes(res), path).toBe(true);
      const csp = res.headers.get("content-security-policy") ?? "";
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]{20,})'/.exec(scriptSrc)?.[1];
      expect(nonce, csp).toBeDefined();
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).toContain("'strict-dynamic'");
      for (const d of ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"])
        expect(csp).toContain(d);
      // What the render sees: Next reads the request's CSP header for its own scripts, the layout x-nonce.
      expect(res.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
      nonces.add(nonce!);
    }
    expect(nonces.size).toBe(4);
  });

  it("still sends a page without a session cookie to sign-in", async () => {
    const res = await proxy(req("/sessions?status=failed", { headers: { cookie: "" } }));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`${OWN}/sign-in?next=%2Fsessions%3Fstatus%3Dfailed`);
  });
});

describe("proxy: hostile requests get a JSON 4xx before Next answers 500", () => {
  it("a path id that is not valid UTF-8 is a 400, on API routes and pages", async () => {
    for (const path of ["/api/v1/sessions/%ED%A0%80", "/api/v1/alert-rules/%C0%AF/mute", "/sessions/%FF", "/live-sessions/%E2%82"])
      await refused(await proxy(req(path)), 400, "bad_request:path");
    expect(passes(await proxy(req("/api/v1/sessions/%E2%82%AC")))).toBe(true);
  });

  it("a server action from another site is a 403 (Next: 500 Invalid Server Actions request)", async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: "http://evil.example" },
      { origin: "null" },
      { origin: "http://localhost:3999" },
      { origin: "", "sec-fetch-site": "same-site" },
      { origin: "", "sec-fetch-site": "cross-site" },
    ]) {
      const h: Record<string, string> = { ...headers };
      const r = action('[{"id":"x"}]', h);
      if (!h.origin) r.headers.delete("origin");
      await refused(await proxy(r), 403, "forbidden:cross_site");
    }
    // A form posted to a page from another site: the same.
    await refused(
      await proxy(
        req("/alerts", {
          method: "POST",
          headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
          body: "a=1",
        }),
      ),
      403,
      "forbidden:cross_site",
    );
  });

  it("a server action's body that is not JSON is a 400, over 1 MB a 413; what the app sends passes", async () => {
    expect(passes(await proxy(action('[{"sessionId":"5b3e…","note":"ünïcødé 👩‍👩‍👧"}]')))).toBe(true);
    expect(passes(await proxy(action('["$K1"]', { "content-type": "multipart/form-data; boundary=x" })))).toBe(true);
    for (const body of [
      "{",
      "a=1&b=2",
      "",
      "\ufeff[{}]",
      `${"[".repeat(5000)}${"]".repeat(5000)}`,
      '[{"name":"\\ud800"}]',
      '[{"name":"x\\udfff"}]',
      '[{"\\ud800":1}]',
      '[{"name":"a\\u0000b"}]',
    ])
      await refused(await proxy(action(body)), 400, "bad_request:json");
    await refused(await proxy(action(new Uint8Array([0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]))), 400, "bad_request:json");
    await refused(await proxy(action("[1]", { "content-type": "application/xml" })), 400, "bad_request:body");
    const big = `["${"a".repeat(ACTION_BODY_LIMIT)}"]`;
    await refused(await proxy(action(big)), 413, "payload_too_large:body");
    // Without a Content-Length (chunked): reading stops past the limit.
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 40) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const r = action(stream);
    r.headers.delete("content-length");
    await refused(await proxy(r), 413, "payload_too_large:body");
    expect(sent).toBeLessThan(20);
  });
});
