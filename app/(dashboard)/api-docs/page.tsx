import { FileJsonIcon } from "lucide-react";
import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { openApiDocument } from "@/lib/api/openapi";
import { JsonBlock } from "./json-block";
import { MethodBadge } from "./method-badge";

export const metadata: Metadata = { title: "API reference" };

type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> };
type Response = { $ref?: string; description?: string; content?: Record<string, { schema: { $ref: string } }> };
type Operation = ReturnType<typeof openApiDocument>["paths"][string][string];

const anchor = (kind: "tag" | "op" | "schema", name: string) => `${kind}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
const refName = (ref: string) => ref.split("/").at(-1)!;

export default function ApiDocsPage() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            REST API under <code className="font-mono">/api/v1</code>, OpenAPI {doc.openapi}, version {doc.info.version}.
          </>
        }
        actions={
          <Button asChild variant="outline" size="sm">
            <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
              <FileJsonIcon />
              openapi.json
            </a>
          </Button>
        }
      />

      <div className="grid gap-5 lg:grid-cols-[13rem_minmax(0,1fr)]">
        <nav aria-label="API sections" className="hidden lg:block">
          <div className="sticky top-4 space-y-0.5 text-[13px]">
            {doc.tags.map((tag) => (
              <a
                key={tag.name}
                href={`#${anchor("tag", tag.name)}`}
                className="block rounded-md px-2 py-1 text-muted-foreground hover:bg-accent hover:text-foreground"
              >
                {tag.name}
              </a>
            ))}
            <a href="#schemas" className="block rounded-md px-2 py-1 text-muted-foreground hover:bg-accent hover:text-foreground">
              Schemas
            </a>
          </div>
        </nav>

        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader>
              <CardTitle>Using the API</CardTitle>
            </CardHeader>
            <CardContent className="space-y-2 text-[13px] leading-relaxed">
              {doc.info.description.split("\n\n").map((p) => (
                <p key={p}>
                  <Prose text={p} />
                </p>
              ))}
              <p>
                Example:{" "}
                <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
                  curl -H &quot;Authorization: Bearer sdk_…&quot; {"<host>"}/api/v1/sessions?status=running
                </code>
              </p>
            </CardContent>
          </Card>

          {doc.tags.map((tag) => {
            const ops = operations.filter((o) => o.op.tags.some((t) => t === tag.name));
            return (
              <section key={tag.name} id={anchor("tag", tag.name)} className="scroll-mt-4 space-y-2">
                <div>
                  <h2 className="text-base font-semibold tracking-tight">{tag.name}</h2>
                  <p className="text-[13px] text-muted-foreground">{tag.description}</p>
                </div>
                <Card className="divide-y overflow-hidden">
                  {ops.map(({ path, method, op }) => (
                    <OperationView key={`${method} ${path}`} path={path} method={method} op={op} />
                  ))}
                </Card>
              </section>
            );
          })}

          <section id="schemas" className="scroll-mt-4 space-y-2">
            <div>
              <h2 className="text-base font-semibold tracking-tight">Schemas</h2>
              <p className="text-[13px] text-muted-foreground">
                JSON Schema (draft 2020-12), generated from the zod schemas the handlers use.
              </p>
            </div>
            <Card className="divide-y overflow-hidden">
              {Object.entries(doc.components.schemas).map(([name, schema]) => (
                <details key={name} id={anchor("schema", name)} className="group scroll-mt-4">
                  <summary className="flex cursor-pointer list-none items-center gap-2 px-4 py-2 text-[13px] hover:bg-accent/50">
                    <Chevron />
                    <code className="font-mono font-medium">{name}</code>
                    {typeof schema.description === "string" && <span className="truncate text-muted-foreground">{schema.description}</span>}
                  </summary>
                  <div className="px-4 pb-3">
                    <JsonBlock value={schema} refHref={(ref) => `#${anchor("schema", refName(ref))}`} />
                  </div>
                </details>
              ))}
            </Card>
          </section>
        </div>
      </div>
    </>
  );
}

function OperationView({ path, method, op }: { path: string; method: string; op: Operation }) {
  const doc = openApiDocument();
  const parameters = (op.parameters ?? []) as Parameter[];
  const roles = "x-roles" in op ? (op["x-roles"] as string[]) : null;
  const bodyRef = op.requestBody ? op.requestBody.content["application/json"].schema.$ref : null;
  return (
    <details id={anchor("op", op.operationId)} className="group scroll-mt-4" data-testid="api-operation">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 hover:bg-accent/50">
        <Chevron />
        <MethodBadge method={method} />
        <code className="font-mono text-[13px] font-medium">{path}</code>
        <span className="min-w-0 flex-1 truncate text-[13px] text-muted-foreground">{op.summary}</span>
        {roles ? (
          <span className="flex gap-1">
            {roles.map((r) => (
              <Badge key={r} tone="neutral">
                {r}
              </Badge>
            ))}
          </span>
        ) : (
          <Badge tone="green">public</Badge>
        )}
      </summary>
      <div className="space-y-4 border-t bg-muted/30 px-4 py-3 text-[13px]">
        {op.description && (
          <div className="space-y-1.5">
            {/* Roles are the badges above. */}
            {op.description
              .split("\n\n")
              .filter((p) => !/^(Roles:|Public:)/.test(p))
              .map((p) => (
                <p key={p}>
                  <Prose text={p} />
                </p>
              ))}
          </div>
        )}

        {parameters.length > 0 && (
          <div>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Parameters</h3>
            <div className="overflow-x-auto rounded-md border bg-background">
              <table className="w-full text-left text-[13px]">
                <thead className="border-b text-xs text-muted-foreground">
                  <tr>
                    <th className="px-3 py-1.5 font-medium">Name</th>
                    <th className="px-3 py-1.5 font-medium">In</th>
                    <th className="px-3 py-1.5 font-medium">Type</th>
                    <th className="px-3 py-1.5 font-medium">Description</th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {parameters.map((p) => (
                    <tr key={`${p.in}:${p.name}`} className="align-top">
                      <td className="px-3 py-1.5 whitespace-nowrap">
                        <code className="font-mono">{p.name}</code>
                        {p.required && (
                          <span className="ml-1 text-red-600" title="required">
                            *
                          </span>
                        )}
                      </td>
                      <td className="px-3 py-1.5 text-muted-foreground">{p.in}</td>
                      <td className="px-3 py-1.5">
                        <code className="font-mono text-xs">{typeLabel(p.schema)}</code>
                      </td>
                      <td className="px-3 py-1.5 text-muted-foreground">{p.description ? <Prose text={p.description} /> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}

        {bodyRef && (
          <div>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Request body (application/json)</h3>
            <SchemaDisclosure name={refName(bodyRef)} schema={doc.components.schemas[refName(bodyRef)]} />
          </div>
        )}

        <div>
          <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Responses</h3>
          <ul className="space-y-1.5">
            {Object.entries(op.responses as Record<string, Response>).map(([status, res]) => {
              const resolved = res.$ref ? (doc.components.responses[refName(res.$ref)] as Response) : res;
              const schemaRef = resolved.content?.["application/json"]?.schema.$ref;
              return (
                <li key={status} className="flex flex-wrap items-start gap-x-3 gap-y-1">
                  <Badge tone={status.startsWith("2") ? "green" : status.startsWith("5") ? "red" : "amber"} className="font-mono">
                    {status}
                  </Badge>
                  <span className="text-muted-foreground">{resolved.description}</span>
                  {/* Errors share one shape: link to it instead of repeating it under every operation. */}
                  {schemaRef && res.$ref && (
                    <a
                      href={`#${anchor("schema", refName(schemaRef))}`}
                      className="font-mono text-xs text-muted-foreground underline-offset-2 hover:underline"
                    >
                      {refName(schemaRef)}
                    </a>
                  )}
                  {schemaRef && !res.$ref && (
                    <div className="basis-full">
                      <SchemaDisclosure name={refName(schemaRef)} schema={doc.components.schemas[refName(schemaRef)]} />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </details>
  );
}

function SchemaDisclosure({ name, schema }: { name: string; schema: unknown }) {
  return (
    <details className="group/schema rounded-md border bg-background">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-1.5 text-xs">
        <Chevron className="group-open/schema:rotate-90" />
        <code className="font-mono">{name}</code>
        <a href={`#${anchor("schema", name)}`} className="ml-auto text-muted-foreground hover:underline">
          schema
        </a>
      </summary>
      <div className="border-t px-3 py-2">
        <JsonBlock value={schema} refHref={(ref) => `#${anchor("schema", refName(ref))}`} />
      </div>
    </details>
  );
}

function Chevron({ className = "group-open:rotate-90" }: { className?: string }) {
  return (
    <svg viewBox="0 0 16 16" aria-hidden className={`size-3.5 shrink-0 text-muted-foreground transition-transform ${className}`}>
      <path d="M6 4l4 4-4 4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Backticks as code; nothing else is interpreted. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-xs">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

/** A short type for a parameter's schema: `integer (1–200, default 50)`, `"a" | "b"`, `uuid` … */
function typeLabel(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Record<string, unknown>[]).map(typeLabel).join(" | ");
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const base = typeof schema.format === "string" ? schema.format : String(schema.type ?? "any");
  const extras: string[] = [];
  if (typeof schema.minimum === "number" || typeof schema.maximum === "number")
    extras.push(`${schema.minimum ?? "…"}–${schema.maximum ?? "…"}`);
  if (typeof schema.maxLength === "number") extras.push(`≤ ${schema.maxLength} chars`);
  if (schema.default !== undefined) extras.push(`default ${JSON.stringify(schema.default)}`);
  return extras.length ? `${base} (${extras.join(", ")})` : base;
}
