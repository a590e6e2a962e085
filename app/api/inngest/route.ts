// /api/inngest — the production engine's entry point (Inngest dev server, self-hosted or cloud).
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/functions";

export const { GET, POST, PUT } = serve({ client: inngest, functions });
