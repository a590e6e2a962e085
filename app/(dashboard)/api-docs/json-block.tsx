/**
 * Pretty-printed JSON (a JSON Schema here) with `$ref` values as links. Plain server-rendered text:
 * no client code, no external highlighter, and little markup for a long page.
 */
export function JsonBlock({ value, refHref }: { value: unknown; refHref: (ref: string) => string }) {
  const parts = JSON.stringify(value, null, 2).split(/("\$ref": "[^"]*")/);
  return (
    <pre className="max-h-[28rem] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-[12px] leading-5 text-zinc-100">
      <code>
        {parts.map((part, i) => {
          const ref = /^"\$ref": "([^"]*)"$/.exec(part)?.[1];
          if (!ref) return part;
          return (
            <span key={i}>
              {'"$ref": '}
              <a href={refHref(ref)} className="text-sky-300 underline underline-offset-2">
                &quot;{ref}&quot;
              </a>
            </span>
          );
        })}
      </code>
    </pre>
  );
}
