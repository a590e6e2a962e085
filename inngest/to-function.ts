import type { Inngest } from "inngest";
import { concurrencyKeys, type AnyWorkflow, type StepTools, type WorkflowDeps } from "@/lib/engine/workflow";

type Retries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** The Inngest function for a workflow definition: same id, triggers, cancellation, concurrency and body. */
export function toInngestFunction(client: Inngest, wf: AnyWorkflow, deps: () => WorkflowDeps) {
  const keys = concurrencyKeys(wf);
  const triggers = [...(wf.triggers.events ?? []).map((event) => ({ event })), ...(wf.triggers.cron ? [{ cron: wf.triggers.cron }] : [])];
  return client.createFunction(
    {
      id: wf.id,
      name: wf.name,
      triggers: triggers as [{ event: string }],
      retries: Math.min(wf.retries ?? 3, 10) as Retries,
      cancelOn: wf.cancelOn?.map((c) => ({ event: c.event, if: `async.data.${c.match} == event.data.${c.match}` })),
      concurrency: keys.length ? [{ limit: 1, key: keys.map((k) => `event.data.${k}`).join(' + ":" + ') }] : undefined,
    },
    async ({ event, step }) => {
      // A cron-triggered run carries no data; the input schema supplies defaults.
      const input = wf.input.parse(event.name === "inngest/scheduled.timer" ? {} : event.data);
      return wf.handler(input, step as unknown as StepTools, deps());
    },
  );
}
