import type { EngineMode } from "@/lib/domain/values";

export type { EngineMode };

/** SYNC_ENGINE wins; otherwise Inngest only when an Inngest server is configured. */
export function engineMode(env: NodeJS.ProcessEnv = process.env): EngineMode {
  const explicit = env.SYNC_ENGINE;
  if (explicit === "inline" || explicit === "inngest") return explicit;
  if (explicit) throw new Error(`SYNC_ENGINE must be "inline" or "inngest", got "${explicit}"`);
  return env.INNGEST_BASE_URL || env.INNGEST_DEV || env.INNGEST_EVENT_KEY ? "inngest" : "inline";
}
