"use client";

import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider, useTheme } from "next-themes";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Toaster } from "sonner";
import { ApiError } from "@/components/data/fetch-json";

function makeQueryClient(onUnauthorized: () => void) {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // The session expired: the server rejects every call from here on.
        if (error instanceof ApiError && error.status === 401) onUnauthorized();
      },
    }),
    defaultOptions: {
      // Stale at once: a page mounting with server data refetches, closing the gap between its server render and the live stream.
      queries: { staleTime: 0, retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2 },
    },
  });
}

export function Providers({ children, nonce }: { children: React.ReactNode; nonce?: string }) {
  const router = useRouter();
  const [queryClient] = useState(() => makeQueryClient(() => router.replace("/sign-in")));
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={queryClient}>
        {/* A filter change is a history entry: Back and Forward undo and redo it. */}
        <NuqsAdapter defaultOptions={{ history: "push" }}>{children}</NuqsAdapter>
        <ThemedToaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}

function ThemedToaster() {
  const { resolvedTheme } = useTheme();
  return (
    <Toaster
      position="bottom-right"
      richColors
      closeButton
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      toastOptions={{ className: "text-[13px]" }}
    />
  );
}
