import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = { title: "Syncdeck", description: "Control room for data-sync sessions" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
