import type { Metadata } from "next";
import { headers } from "next/headers";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Syncdeck", template: "%s · Syncdeck" },
  description: "Control room for data-sync sessions",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // A per-request CSP nonce, when the proxy sets one, for the theme's inline script (it runs before paint, so no flash).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the theme class on <html> before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <body>
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
