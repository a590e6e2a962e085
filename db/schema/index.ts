export * from "./auth";
export * from "./instances";
export * from "./stores";
export * from "./bindings";
export * from "./sync-sessions";
export * from "./synced-data";
export * from "./audit";
export * from "./engine";
