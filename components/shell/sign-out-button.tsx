"use client";

import { LogOutIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/components/auth-client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut().catch(() => null);
        router.replace("/sign-in");
        router.refresh();
      }}
    >
      <LogOutIcon />
      <span className="sr-only sm:not-sr-only">Sign out</span>
    </Button>
  );
}
