import { RelativeTime } from "@/components/time";
import { formatRate, STREAM_LABEL } from "@/components/live-sync/format";
import { StreamDot, streamHealth } from "@/components/live-sync/stream-dot";
import { STREAMS, type LiveSessionItem } from "@/components/live-sync/types";

/** One line per stream: health dot and name, last tick, records per minute. */
export function StreamsSummary({ session }: { session: Pick<LiveSessionItem, "streams" | "state" | "autoSyncEnabled"> }) {
  const running = session.state !== "inactive" && session.autoSyncEnabled;
  return (
    <dl className="grid grid-cols-[auto_auto_auto] gap-x-3 gap-y-0.5 text-xs leading-4">
      {STREAMS.map((name) => {
        const st = session.streams.find((x) => x.stream === name);
        return (
          <div key={name} className="contents" data-testid={`stream-${name}`}>
            <dt className="flex items-center gap-1.5 font-medium" title={st?.lastError ?? undefined}>
              <StreamDot health={st ? streamHealth(st, running) : "idle"} />
              {STREAM_LABEL[name]}
            </dt>
            <dd className="whitespace-nowrap text-muted-foreground">{st?.lastTickAt ? <RelativeTime date={st.lastTickAt} /> : "never"}</dd>
            <dd className="text-right whitespace-nowrap text-muted-foreground tabular-nums" title="Records per minute, last five minutes">
              {formatRate(st?.recordsPerMinute ?? 0)}/min
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
