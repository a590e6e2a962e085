// Time indexes are ascending and walked backwards for newest-first reads (drizzle's desc() is plain
// DESC, which a DESC NULLS LAST index cannot serve). Rows arrive in time order, so new entries land at
// the right edge and pages stay full.
export * from "./auth";
export * from "./instances";
export * from "./stores";
export * from "./bindings";
export * from "./sync-sessions";
export * from "./synced-data";
export * from "./audit";
export * from "./engine";
export * from "./api-tokens";
export * from "./analytics";
export * from "./bulk";
export * from "./alerts";
