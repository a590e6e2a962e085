"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckIcon, CopyIcon, KeyRoundIcon, LoaderCircleIcon, PlusIcon, TriangleAlertIcon } from "lucide-react";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { RoleBadge } from "@/components/role-badge";
import { RelativeTime } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TOKEN_ROLES, type TokenRole } from "@/lib/domain/values";
import { createApiTokenAction, revokeApiTokenAction } from "./actions";
import { apiTokensQuery } from "./queries";
import type { ApiTokenItem } from "./types";

const EXPIRIES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
];

export function TokensClient({ initialTokens }: { initialTokens: ApiTokenItem[] }) {
  const { data, error } = useQuery({ ...apiTokensQuery(), initialData: { items: initialTokens } });
  const active = data.items.filter((t) => !t.revokedAt && !isExpired(t)).length;
  return (
    <>
      <PageHeader
        title="API tokens"
        description={`Bearer tokens for the REST API · ${active} active of ${data.items.length}`}
        actions={<CreateTokenDialog />}
      />
      <Card className="overflow-hidden">
        <QueryError error={error} />
        {data.items.length === 0 ? (
          <EmptyState icon={KeyRoundIcon} title="No API tokens yet">
            Create one to call the API from a script or CI; its role is ops or viewer.
          </EmptyState>
        ) : (
          <TokensTable tokens={data.items} />
        )}
      </Card>
    </>
  );
}

const isExpired = (t: ApiTokenItem) => t.expiresAt !== null && new Date(t.expiresAt).getTime() <= Date.now();

function TokensTable({ tokens }: { tokens: ApiTokenItem[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Name</TableHead>
          <TableHead className="hidden sm:table-cell">Role</TableHead>
          <TableHead className="hidden md:table-cell">Created by</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          <TableHead className="hidden sm:table-cell">Last used</TableHead>
          <TableHead className="hidden md:table-cell">Expires</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tokens.map((t) => {
          const status = t.revokedAt ? "revoked" : isExpired(t) ? "expired" : "active";
          return (
            <TableRow key={t.id} data-testid="token-row" data-name={t.name} data-status={status}>
              <TableCell>
                <div className="font-medium">{t.name}</div>
                <code className="font-mono text-xs text-muted-foreground">{t.prefix}…</code>
                {/* Narrow screens: the hidden columns, stacked under the name. */}
                <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground md:hidden">
                  <span className="sm:hidden">
                    <RoleBadge role={t.role} />
                  </span>
                  <span>by {t.createdByName ?? "—"}</span>
                  <span>
                    created <RelativeTime date={t.createdAt} />
                  </span>
                  <span className="sm:hidden">used {t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : "never"}</span>
                  <span>expires {t.expiresAt ? <RelativeTime date={t.expiresAt} /> : "never"}</span>
                </div>
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <RoleBadge role={t.role} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap md:table-cell">
                {t.createdByName ?? <span className="text-muted-foreground">—</span>}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                <RelativeTime date={t.createdAt} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                {t.lastUsedAt ? <RelativeTime date={t.lastUsedAt} /> : "Never"}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                {t.expiresAt ? <RelativeTime date={t.expiresAt} /> : "Never"}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {status === "revoked" ? (
                  <Badge tone="red">
                    Revoked <RelativeTime date={t.revokedAt} />
                  </Badge>
                ) : status === "expired" ? (
                  <Badge tone="amber">Expired</Badge>
                ) : (
                  <Badge tone="green">Active</Badge>
                )}
              </TableCell>
              <TableCell className="text-right">{status !== "revoked" && <RevokeTokenDialog token={t} />}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

type Created = { name: string; token: string };

function CreateTokenDialog() {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<TokenRole>("viewer");
  const [expiry, setExpiry] = useState("90");
  const [created, setCreated] = useState<Created | null>(null);
  const [pending, startTransition] = useTransition();

  function reset(o: boolean) {
    setOpen(o);
    setError(null);
    if (!o) {
      // The secret leaves memory with the dialog: it is shown once.
      setCreated(null);
      setRole("viewer");
      setExpiry("90");
    }
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name"));
    setError(null);
    startTransition(async () => {
      const result = await createApiTokenAction({ name, role, expiresInDays: expiry === "never" ? null : Number(expiry) });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setCreated({ name: result.data.name, token: result.data.token });
      await queryClient.invalidateQueries({ queryKey: ["api-tokens"] });
    });
  }

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogTrigger asChild>
        <Button size="sm">
          <PlusIcon />
          Create token
        </Button>
      </DialogTrigger>
      <DialogContent
        // A click outside must not lose a secret that cannot be shown again.
        onInteractOutside={(e) => created && e.preventDefault()}
      >
        {created ? (
          <SecretShownOnce created={created} onDone={() => reset(false)} />
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Create an API token</DialogTitle>
              <DialogDescription>
                Scripts send it as <code className="font-mono text-xs">Authorization: Bearer …</code>. Only its hash is stored.
              </DialogDescription>
            </DialogHeader>
            <form onSubmit={submit} className="grid gap-4" autoComplete="off">
              <div className="grid gap-1.5">
                <Label htmlFor="token-name">Name</Label>
                <Input id="token-name" name="name" required maxLength={100} placeholder="ci-nightly" />
              </div>
              <div className="grid gap-4 sm:grid-cols-2">
                <div className="grid gap-1.5">
                  <Label htmlFor="token-role">Role</Label>
                  <Select value={role} onValueChange={(v) => setRole(v as TokenRole)}>
                    <SelectTrigger id="token-role">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {TOKEN_ROLES.map((r) => (
                        <SelectItem key={r} value={r}>
                          {r === "ops" ? "Ops — may start, cancel and retry" : "Viewer — read only"}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
                <div className="grid gap-1.5">
                  <Label htmlFor="token-expiry">Expires after</Label>
                  <Select value={expiry} onValueChange={setExpiry}>
                    <SelectTrigger id="token-expiry">
                      <SelectValue />
                    </SelectTrigger>
                    <SelectContent>
                      {EXPIRIES.map((e) => (
                        <SelectItem key={e.value} value={e.value}>
                          {e.label}
                        </SelectItem>
                      ))}
                    </SelectContent>
                  </Select>
                </div>
              </div>
              {error && (
                <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
                  {error}
                </p>
              )}
              <DialogFooter>
                <Button type="button" variant="outline" onClick={() => reset(false)}>
                  Cancel
                </Button>
                <Button type="submit" disabled={pending}>
                  {pending && <LoaderCircleIcon className="animate-spin" />}
                  Create token
                </Button>
              </DialogFooter>
            </form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

function SecretShownOnce({ created, onDone }: { created: Created; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <DialogHeader>
        <DialogTitle>Token {created.name} created</DialogTitle>
        <DialogDescription>Copy it now and keep it somewhere safe.</DialogDescription>
      </DialogHeader>
      <p
        role="status"
        className="flex items-start gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
      >
        <TriangleAlertIcon className="mt-0.5 size-4 shrink-0" />
        You will not see this token again. If you lose it, revoke it and create a new one.
      </p>
      <div className="flex items-center gap-2">
        <Input
          readOnly
          value={created.token}
          aria-label="API token"
          data-testid="token-secret"
          className="font-mono text-xs"
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button
          type="button"
          variant="outline"
          onClick={async () => {
            await navigator.clipboard?.writeText(created.token).catch(() => null);
            setCopied(true);
            toast.success("Token copied");
          }}
        >
          {copied ? <CheckIcon className="text-emerald-600" /> : <CopyIcon />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}

function RevokeTokenDialog({ token }: { token: ApiTokenItem }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const revoke = () =>
    startTransition(async () => {
      const result = await revokeApiTokenAction({ tokenId: token.id });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      toast.success(`Token ${token.name} revoked`);
      setOpen(false);
      await queryClient.invalidateQueries({ queryKey: ["api-tokens"] });
    });
  return (
    <Dialog open={open} onOpenChange={(o) => (setOpen(o), setError(null))}>
      <DialogTrigger asChild>
        <Button variant="outline" size="xs" aria-label={`Revoke ${token.name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Revoke {token.name}?</DialogTitle>
          <DialogDescription>
            It stops working at once: every script using it gets 401 from then on. This cannot be undone; the token stays listed as revoked.
          </DialogDescription>
        </DialogHeader>
        {error && (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700">
            {error}
          </p>
        )}
        <DialogFooter>
          <Button type="button" variant="outline" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="button" variant="destructive" onClick={revoke} disabled={pending}>
            {pending && <LoaderCircleIcon className="animate-spin" />}
            Revoke token
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
