export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startAppEngine } = await import("@/lib/engine/app-engine");
  await startAppEngine();
}
