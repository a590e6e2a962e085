import type { Role } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** The one table of who may do what. The README's role table mirrors it. */
export const PERMISSIONS = {
  "dashboard:read": ["super_admin", "ops", "viewer"],
  "sync_session:start": ["super_admin", "ops"],
  "sync_session:cancel": ["super_admin", "ops"],
  "sync_session:retry": ["super_admin", "ops"],
  "sync_session:edit": ["super_admin", "ops"],
  // Starting a bulk action; each action also needs the single-item permission it applies.
  "bulk_operation:create": ["super_admin", "ops"],
  "schedule:write": ["super_admin"],
  "instance:read": ["super_admin", "ops", "viewer"],
  "instance:write": ["super_admin"],
  "instance:test": ["super_admin", "ops"],
  "binding:write": ["super_admin"],
  "live_session:control": ["super_admin", "ops"],
  "audit:read": ["super_admin", "ops", "viewer"],
  "api_token:write": ["super_admin"],
  "alert_rule:write": ["super_admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export type Actor =
  | { type: "user"; id: string; label: string; role: Role }
  | { type: "api_token"; id: string; label: string; role: Role }
  | { type: "system"; id: null; label: string };

export const SYSTEM_ACTOR: Actor = { type: "system", id: null, label: "scheduler" };

export function can(actor: Actor, permission: Permission): boolean {
  if (actor.type === "system") return true;
  return (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    const [entity] = permission.split(":");
    throw new AppError(
      `forbidden:${entity}`,
      `Your role (${actor.type === "system" ? "system" : actor.role}) lacks the permission "${permission}"`,
    );
  }
}

/** The user id to store in created_by/cancelled_by columns, or null for tokens and the scheduler. */
export function actorUserId(actor: Actor): string | null {
  return actor.type === "user" ? actor.id : null;
}
