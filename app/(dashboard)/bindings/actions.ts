"use server";

import { bindAccount } from "@/lib/bindings/bind";
import { unbindAccount } from "@/lib/bindings/unbind";
import { runAction } from "@/lib/http/action";

export async function bindAccountAction(input: unknown) {
  return runAction(async (ctx) => {
    const { binding, liveSession } = await bindAccount({ ctx, input });
    return { bindingId: binding.id, liveSessionId: liveSession.id };
  });
}

export async function unbindAccountAction(input: unknown) {
  return runAction(async (ctx) => ({ bindingId: (await unbindAccount({ ctx, input })).id }));
}
