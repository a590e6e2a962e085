import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Logo } from "@/components/logo";
import { currentUser } from "@/lib/auth/server";
import { safeNext } from "./safe-next";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const DEMO_LOGINS = [
  { role: "super admin", email: "admin@syncdeck.local", password: "syncdeck-admin" },
  { role: "ops", email: "ops@syncdeck.local", password: "syncdeck-ops" },
  { role: "viewer", email: "viewer@syncdeck.local", password: "syncdeck-viewer" },
];

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 px-4 py-12">
      <div className="flex flex-col items-center gap-3 text-center">
        <Logo className="size-9" />
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Syncdeck</h1>
          <p className="mt-1 text-sm text-muted-foreground">The control room for your data-sync sessions.</p>
        </div>
      </div>
      <div className="w-full max-w-sm rounded-xl border bg-background p-6 shadow-sm">
        <SignInForm next={next} />
      </div>
      <aside aria-label="Demo logins" className="w-full max-w-sm rounded-lg border border-dashed bg-background/60 p-4 text-[13px]">
        <p className="mb-2 font-medium">Demo logins</p>
        <ul className="space-y-1.5">
          {DEMO_LOGINS.map((l) => (
            <li key={l.email} className="flex items-center justify-between gap-3">
              <span className="font-mono text-xs">
                {l.email} / {l.password}
              </span>
              <span className="text-xs text-muted-foreground">{l.role}</span>
            </li>
          ))}
        </ul>
      </aside>
    </main>
  );
}
