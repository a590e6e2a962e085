import type { TestProject } from "vitest/node";
import { prepareTemplate, startTestServer } from "@/lib/test-database";

/** Starts (or finds) the test PostgreSQL server once, and builds the migrated template. */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.SYNCDECK_TEST_SERVER_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const started = await startTestServer(process.cwd());
    serverUrl = started.serverUrl;
    if (started.server && !started.server.reused) stop = started.server.stop;
    await prepareTemplate(serverUrl);
  }
  project.provide("testServerUrl", serverUrl);
  return stop;
}

declare module "vitest" {
  export interface ProvidedContext {
    testServerUrl: string;
  }
}
