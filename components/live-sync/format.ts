const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const rate = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const currency = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", signDisplay: "always" });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 0 });

export const formatInteger = (n: number) => integer.format(n);
/** Records per minute, one decimal below ten. */
export const formatRate = (n: number) => (n >= 10 ? integer.format(n) : rate.format(n));
/** Signed amount from integer cents: +$12.50, −$3.00. */
export const formatCents = (cents: number) => currency.format(cents / 100).replace("-", "−");
export const formatPercent = (ratio: number) => percent.format(ratio);

export function formatSeconds(s: number) {
  if (s < 60) return `${s} s`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const STREAM_LABEL: Record<string, string> = { battles: "Battles", wallet: "Wallet", members: "Members" };
