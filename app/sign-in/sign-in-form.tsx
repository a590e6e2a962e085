"use client";

import { AlertCircleIcon, LoaderCircleIcon } from "lucide-react";
import { useState } from "react";
import { authClient } from "@/components/auth-client";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const { error } = await authClient.signIn.email({ email: String(form.get("email")), password: String(form.get("password")) });
    if (error) {
      setPending(false);
      setError(
        error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD"
          ? "Wrong email or password."
          : (error.message ?? "Could not sign in."),
      );
      return;
    }
    // A full navigation so every server component renders for the new session.
    window.location.assign(next);
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <div className="grid gap-1.5">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus placeholder="you@company.com" />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      {error && (
        <p role="alert" className="flex items-center gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
          <AlertCircleIcon className="size-4 shrink-0" />
          {error}
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending && <LoaderCircleIcon className="animate-spin" />}
        Sign in
      </Button>
    </form>
  );
}
