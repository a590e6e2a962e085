import { connection } from "next/server";
import { LiveUpdatesProvider } from "@/components/live/live-updates";
import { Header } from "@/components/shell/header";
import { Sidebar } from "@/components/shell/sidebar";
import { requireUser } from "@/lib/auth/server";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  // Every dashboard page reads the session and the database per request; never prerender at build time.
  await connection();
  const user = await requireUser();
  return (
    <LiveUpdatesProvider>
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-background px-3 py-2 text-sm font-medium shadow-md ring-2 ring-ring focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <div className="flex min-h-dvh flex-col md:flex-row">
        <Sidebar role={user.role} />
        <div className="flex min-w-0 flex-1 flex-col">
          <Header user={{ name: user.name, email: user.email, role: user.role }} />
          <main id="main" tabIndex={-1} className="mx-auto outline-none w-full max-w-7xl flex-1 px-4 py-6 md:px-8">
            {children}
          </main>
        </div>
      </div>
    </LiveUpdatesProvider>
  );
}
