// GET /api/live — server-sent events: one `change` event per committed change, fed by LISTEN/NOTIFY.
import { appDb } from "@/db/client";
import { currentUser } from "@/lib/auth/server";
import { errorResponse } from "@/lib/http/route";
import { AppError } from "@/lib/errors";
import { subscribeLive } from "@/lib/live/listener";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const user = await currentUser(req.headers);
  if (!user) return errorResponse(new AppError("unauthorized:session", "Sign in first"));
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      send(`retry: 2000\nevent: ready\ndata: {}\n\n`);
      const unsubscribe = subscribeLive(appDb().sql, (payload) => send(`event: change\ndata: ${payload}\n\n`));
      // A comment line every 15 s keeps proxies from closing an idle stream.
      const keepAlive = setInterval(() => send(`: ping\n\n`), 15_000);
      cleanup = () => {
        clearInterval(keepAlive);
        unsubscribe();
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {}
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
