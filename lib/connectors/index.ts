import type { InstanceKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { mysqlConnector } from "./mysql";
import { postgresConnector } from "./postgres";
import type { DatabaseConnector } from "./types";

const connectors: Partial<Record<InstanceKind, DatabaseConnector>> = { postgres: postgresConnector, mysql: mysqlConnector };

/** Registers (or replaces) the connector for a kind. */
export function registerConnector(kind: InstanceKind, connector: DatabaseConnector) {
  connectors[kind] = connector;
}

export function connectorFor(kind: InstanceKind): DatabaseConnector {
  const c = connectors[kind];
  if (!c) throw new AppError("bad_request:instance_kind", `Instances of kind ${kind} cannot be synced as databases`);
  return c;
}
