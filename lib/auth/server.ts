import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { appDb } from "@/db/client";
import { ROLES, type Role } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { appEnginePort } from "@/lib/engine/app-engine";
import { AppError } from "@/lib/errors";
import { actorForBearer } from "@/lib/api-tokens/queries";
import { createAuth, type Auth } from "./auth";
import type { Actor } from "./permissions";

const g = globalThis as unknown as { syncdeckAuth?: Auth };

export function getAuth(): Auth {
  g.syncdeckAuth ??= createAuth(appDb().db);
  return g.syncdeckAuth;
}

export type SignedInUser = { id: string; name: string; email: string; role: Role };

export async function currentUser(requestHeaders?: Headers): Promise<SignedInUser | null> {
  // Read the request first: during prerendering this bails out before touching the database.
  const h = requestHeaders ?? (await headers());
  const session = await getAuth().api.getSession({ headers: h });
  if (!session) return null;
  const role = (ROLES as readonly string[]).includes(session.user.role as string) ? (session.user.role as Role) : "viewer";
  return { id: session.user.id, name: session.user.name, email: session.user.email, role };
}

/** For pages: the signed-in user, or a redirect to sign-in. */
export async function requireUser(): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  return user;
}

export function userActor(user: SignedInUser): Actor {
  return { type: "user", id: user.id, label: user.email, role: user.role };
}

/** The verb context for a request (bearer token or session cookie): throws 401 when nobody is signed in. */
export async function requestCtx(requestHeaders?: Headers): Promise<Ctx> {
  const h = requestHeaders ?? (await headers());
  const bearer = /^Bearer\s+(\S+)$/i.exec(h.get("authorization") ?? "")?.[1];
  if (bearer) return { db: appDb().db, actor: await actorForBearer(appDb().db, bearer), engine: appEnginePort() };
  const user = await currentUser(h);
  if (!user) throw new AppError("unauthorized:session", "Sign in first");
  return { db: appDb().db, actor: userActor(user), engine: appEnginePort() };
}
