"use client";

import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
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

export function Providers({ children }: { children: React.ReactNode }) {
  const router = useRouter();
  const [queryClient] = useState(() => makeQueryClient(() => router.replace("/sign-in")));
  return (
    <QueryClientProvider client={queryClient}>
      <NuqsAdapter>{children}</NuqsAdapter>
      <Toaster position="bottom-right" richColors closeButton toastOptions={{ className: "text-[13px]" }} />
    </QueryClientProvider>
  );
}
