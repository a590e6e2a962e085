// Time indexes are ascending, walked backwards for newest-first reads (plain DESC, nulls first, the
// order drizzle's desc() asks for; a DESC NULLS LAST index cannot give it, and "recent battles" then
// sorted a store's whole history). Rows arrive in time order, so new entries land at the right edge
// (sync_sessions: 41 B per row instead of 73 B for a descending index grown the same way).
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
