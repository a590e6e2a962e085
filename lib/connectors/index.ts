import type { InstanceKind } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { postgresConnector } from "./postgres";
import type { DatabaseConnector } from "./types";

const connectors: Partial<Record<InstanceKind, DatabaseConnector>> = { postgres: postgresConnector };

/** Registers a connector for a kind (the MySQL one registers itself from ./mysql). */
export function registerConnector(kind: InstanceKind, connector: DatabaseConnector) {
  connectors[kind] = connector;
}

export function connectorFor(kind: InstanceKind): DatabaseConnector {
  const c = connectors[kind];
  if (!c) throw new AppError("bad_request:instance_kind", `Instances of kind ${kind} cannot be synced as databases`);
  return c;
}
