"use server";

import { runAction } from "@/lib/http/action";
import { createInstance } from "@/lib/instances/create";
import { setInstanceEnabled } from "@/lib/instances/set-enabled";
import { testInstanceConnection } from "@/lib/instances/test-connection";

export async function createInstanceAction(input: unknown) {
  return runAction((ctx) => createInstance({ ctx, input }));
}

export async function setInstanceEnabledAction(input: unknown) {
  return runAction((ctx) => setInstanceEnabled({ ctx, input }));
}

export async function testInstanceConnectionAction(input: unknown) {
  return runAction((ctx) => testInstanceConnection({ ctx, input }));
}
