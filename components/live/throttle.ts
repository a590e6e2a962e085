/** Per-key leading+trailing throttle: at most one call per key per `ms`, and the last burst is never dropped. */
export function keyedThrottle(ms: number, fn: (key: string) => void) {
  const timers = new Map<string, { pending: boolean; timer: ReturnType<typeof setTimeout> }>();
  const arm = (key: string) => {
    const entry = { pending: false, timer: setTimeout(() => fire(key), ms) };
    timers.set(key, entry);
  };
  const fire = (key: string) => {
    const entry = timers.get(key);
    timers.delete(key);
    if (entry?.pending) {
      fn(key);
      arm(key);
    }
  };
  return {
    call(key: string) {
      const entry = timers.get(key);
      if (entry) {
        entry.pending = true;
        return;
      }
      fn(key);
      arm(key);
    },
    cancel() {
      for (const { timer } of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
