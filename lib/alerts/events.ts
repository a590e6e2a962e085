import type { EngineEvent } from "@/lib/engine/workflow";

export const ALERT_DELIVERY_REQUESTED = "alerts/delivery.requested";

/** One event per delivery; its id makes a repeated send a no-op on both engines. */
export function deliveryEvents(deliveryIds: string[]): EngineEvent[] {
  return deliveryIds.map((deliveryId) => ({ name: ALERT_DELIVERY_REQUESTED, data: { deliveryId }, id: `alert-delivery-${deliveryId}` }));
}
