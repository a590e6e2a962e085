// GET /api/v1/openapi.json — the OpenAPI 3.1 document of this API; public, built from the same zod schemas.
import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/api/openapi";

// The document depends on code only: render it once at build time.
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(openApiDocument(), { headers: { "Access-Control-Allow-Origin": "*" } });
}
