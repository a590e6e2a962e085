"use client";

import { LogOutIcon } from "lucide-react";
import { useState } from "react";
import { authClient } from "@/components/auth-client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        await authClient.signOut().catch(() => null);
        window.location.assign("/sign-in");
      }}
    >
      <LogOutIcon />
      Sign out
    </Button>
  );
}
