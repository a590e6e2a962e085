"use server";

import { runAction } from "@/lib/http/action";
import { refreshGameServerDirectory } from "@/lib/game-server/refresh-directory";
import { setGameAccountToken } from "@/lib/game-server/set-account-token";
import { createInstance } from "@/lib/instances/create";
import { deleteInstance } from "@/lib/instances/delete";
import { updateInstance } from "@/lib/instances/update";
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

export async function updateInstanceAction(input: unknown) {
  return runAction((ctx) => updateInstance({ ctx, input }));
}

export async function deleteInstanceAction(input: unknown) {
  return runAction((ctx) => deleteInstance({ ctx, input }));
}

export async function refreshGameServerDirectoryAction(input: unknown) {
  return runAction((ctx) => refreshGameServerDirectory({ ctx, input }));
}

export async function setGameAccountTokenAction(input: unknown) {
  return runAction((ctx) => setGameAccountToken({ ctx, input }));
}
