import { z } from "zod";
import { defineWorkflow } from "@/lib/engine/workflow";
import { attemptDelivery, backoffMs } from "./deliver";
import { sweepAlerts } from "./evaluate";
import { ALERT_DELIVERY_REQUESTED, deliveryEvents } from "./events";
import { MAX_ALERT_ATTEMPTS } from "./schemas";

/** Sends one alert: up to five attempts with backoff (1, 2, 4, 8 s); each attempt is recorded on the delivery. */
export const alertDeliveryWorkflow = defineWorkflow({
  id: "alert-delivery",
  name: "Deliver an alert",
  triggers: { events: [ALERT_DELIVERY_REQUESTED] },
  concurrencyKey: "deliveryId",
  retries: 2,
  input: z.object({ deliveryId: z.uuid() }),
  handler: async ({ deliveryId }, step, { db }) => {
    for (let attempt = 1; ; attempt++) {
      const outcome = await step.run(`attempt-${attempt}`, () => attemptDelivery(db, deliveryId, attempt));
      if (outcome.done || attempt >= MAX_ALERT_ATTEMPTS) return outcome;
      await step.sleep(`backoff-${attempt}`, backoffMs(attempt));
    }
  },
});

/** Every minute: live sessions in error too long, runs finished lately, deliveries never started. */
export const alertSweepWorkflow = defineWorkflow({
  id: "alert-sweep",
  name: "Evaluate alert rules",
  triggers: { cron: "* * * * *" },
  retries: 1,
  input: z.object({}),
  handler: async (_input, step, { db }) => {
    const deliveryIds = await step.run("evaluate", () => sweepAlerts(db));
    if (deliveryIds.length) await step.sendEvent("deliver", deliveryEvents(deliveryIds));
    return { deliveries: deliveryIds.length };
  },
});
