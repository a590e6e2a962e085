// GET /api/health — public: database status, engine, version.
import { NextResponse } from "next/server";
import { appDb } from "@/db/client";
import { appEngineStatus } from "@/lib/engine/app-engine";
import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(appDb().db, appEngineStatus());
  // The id `npm start` gave this app process: its launcher knows the answer comes from its own child.
  return NextResponse.json({ ...health, instance: process.env.SYNCDECK_INSTANCE_ID ?? null }, { status: health.ok ? 200 : 503 });
}
