import { appDb } from "@/db/client";
import { workflows } from "@/lib/workflows";
import { inngest } from "../client";
import { toInngestFunction } from "../to-function";

/** Every workflow as an Inngest function, served at /api/inngest. */
export const functions = workflows.map((wf) => toInngestFunction(inngest, wf, () => ({ db: appDb().db })));
