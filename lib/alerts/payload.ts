import type { AlertRule } from "@/db/schema";

export type AlertObject = { type: "instance" | "sync_session" | "binding" | "live_session"; id: string; name: string };

/** What is stored per delivery and sent (no secret in it): the rule, what happened, to what, and when. */
export type AlertPayload = {
  message: string;
  rule: { id: string; name: string; scope: string; scopeRef: string | null; condition: string; threshold: number | null };
  event: { type: string } & Record<string, unknown>;
  object: AlertObject;
  occurredAt: string;
  test: boolean;
};

export function buildPayload(
  rule: AlertRule,
  fact: { message: string; event: AlertPayload["event"]; object: AlertObject; occurredAt: Date | string },
  test = false,
): AlertPayload {
  return {
    message: fact.message,
    rule: {
      id: rule.id,
      name: rule.name,
      scope: rule.scope,
      scopeRef: rule.scopeRef,
      condition: rule.condition,
      threshold: rule.threshold,
    },
    event: fact.event,
    object: fact.object,
    occurredAt: new Date(fact.occurredAt).toISOString(),
    test,
  };
}

/** The sample a "Send test" delivers. */
export function samplePayload(rule: AlertRule): AlertPayload {
  return buildPayload(
    rule,
    {
      message: `Test alert from Syncdeck for rule "${rule.name}"`,
      event: { type: "test" },
      object: { type: "instance", id: "00000000-0000-0000-0000-000000000000", name: "example-instance" },
      occurredAt: new Date(),
    },
    true,
  );
}

/** The webhook body: the stored payload plus the delivery id (a receiver can dedupe on it). */
export function webhookBody(payload: AlertPayload, deliveryId: string) {
  return { deliveryId, ...payload };
}

/** Slack incoming-webhook JSON: `text` as the fallback, `blocks` for the layout. */
export function slackBody(payload: AlertPayload) {
  const title = `${payload.test ? "[test] " : ""}${payload.rule.name}`;
  return {
    text: `${title}: ${payload.message}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${escapeSlack(title)}*\n${escapeSlack(payload.message)}` } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `${escapeSlack(payload.object.type.replace("_", " "))} *${escapeSlack(payload.object.name)}* · ${payload.rule.condition.replace(/_/g, " ")} · ${payload.occurredAt}`,
          },
        ],
      },
    ],
  };
}

function escapeSlack(s: string) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
