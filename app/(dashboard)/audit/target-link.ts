/** Where an audit target lives in the dashboard; null when it has no page. */
export function targetHref(type: string, id: string | null, opts: { canSeeTokens: boolean }): string | null {
  const path = id ? encodeURIComponent(id) : null;
  switch (type) {
    case "sync_session":
      return path && `/sessions/${path}`;
    case "live_session":
      return path && `/live-sessions/${path}`;
    case "store":
      return path && `/stores/${path}`;
    case "instance":
      return "/instances";
    case "alert_rule":
      return "/alerts";
    case "binding":
      return "/bindings";
    case "schedule":
      return "/schedules";
    case "api_token":
      return opts.canSeeTokens ? "/tokens" : null;
    default:
      return null;
  }
}
