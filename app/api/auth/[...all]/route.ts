// /api/auth/* — better-auth's sign-in, sign-out and session endpoints.
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/server";
import { withoutSessionTokens } from "@/lib/auth/strip-token";

export const GET = async (req: Request) => withoutSessionTokens(await toNextJsHandler(getAuth()).GET(req));
export const POST = async (req: Request) => withoutSessionTokens(await toNextJsHandler(getAuth()).POST(req));
