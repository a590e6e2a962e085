import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export function createDb(url: string, options: { max?: number } = {}) {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {}, connection: { application_name: "syncdeck" } });
  const db = drizzle(sql, { schema });
  return { sql, db };
}

export type Database = ReturnType<typeof createDb>["db"];
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** A database handle or an open transaction: verbs accept either. */
export type Executor = Database | Transaction;

/**
 * Whether `db` is a transaction. Not `instanceof PgTransaction`: each Next.js bundle of one process
 * (instrumentation, each route) has its own copy of drizzle's classes, while the database handle is
 * shared through globalThis, so a transaction made in one bundle is no instance of another's class.
 */
export function isTransaction(db: Executor): db is Transaction {
  return typeof (db as { rollback?: unknown }).rollback === "function";
}
export type SqlClient = ReturnType<typeof createDb>["sql"];

const globalForDb = globalThis as unknown as { syncdeckDb?: ReturnType<typeof createDb> };

/** The app's one database client, created on first use from DATABASE_URL. */
export function appDb() {
  if (!globalForDb.syncdeckDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Syncdeck with `npm start`, which provides one");
    globalForDb.syncdeckDb = createDb(url, { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  }
  return globalForDb.syncdeckDb;
}
