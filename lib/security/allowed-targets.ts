/**
 * `SYNCDECK_ALLOWED_TARGETS`: the hosts and networks Syncdeck may connect to on behalf of a super
 * admin — database instances, game servers and webhook/Slack destinations alike. Unset means any
 * host (database instances normally live on private networks, so nothing is blocked by default).
 * Checked when a target is saved (a 400) and again before every connection or delivery (the
 * variable may have changed, and a name may resolve elsewhere later).
 */
import { lookup } from "node:dns/promises";
import net from "node:net";

export const ALLOWED_TARGETS_VAR = "SYNCDECK_ALLOWED_TARGETS";

type Policy = { names: Set<string>; suffixes: string[]; blocks: net.BlockList };

let cached: { raw: string; policy: Policy } | null = null;

/** Entries: an IP (`10.1.2.3`, `::1`), a CIDR (`10.0.0.0/8`), a host name (`db.internal`) or `*.example.com`. */
function parse(raw: string): Policy {
  const policy: Policy = { names: new Set(), suffixes: [], blocks: new net.BlockList() };
  for (const entry of raw
    .split(",")
    .map((e) =>
      e
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1"),
    )
    .filter(Boolean)) {
    const [addr, bits] = entry.split("/");
    const family = net.isIP(addr ?? "");
    if (family && bits !== undefined && /^\d+$/.test(bits)) {
      policy.blocks.addSubnet(addr!, Number(bits), family === 6 ? "ipv6" : "ipv4");
    } else if (family && bits === undefined) {
      policy.blocks.addAddress(addr!, family === 6 ? "ipv6" : "ipv4");
    } else if (entry.startsWith("*.")) {
      policy.suffixes.push(entry.slice(1));
    } else {
      policy.names.add(entry);
    }
  }
  return policy;
}

function currentPolicy(): Policy | null {
  const raw = process.env[ALLOWED_TARGETS_VAR]?.trim();
  if (!raw) return null;
  if (cached?.raw !== raw) cached = { raw, policy: parse(raw) };
  return cached.policy;
}

function addressAllowed(policy: Policy, address: string): boolean {
  const family = net.isIP(address);
  if (!family) return false;
  // An IPv4-mapped IPv6 address is the IPv4 host.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return policy.blocks.check(mapped, "ipv4");
  return policy.blocks.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * Why `host` may not be connected to, or null when it may (always null when the variable is unset).
 * A name not listed by name is allowed when every address it resolves to is.
 */
export async function targetProblem(host: string): Promise<string | null> {
  const policy = currentPolicy();
  if (!policy) return null;
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  const refused = `${h} is not an allowed target (${ALLOWED_TARGETS_VAR})`;
  if (!h) return refused;
  if (net.isIP(h)) return addressAllowed(policy, h) ? null : refused;
  if (policy.names.has(h) || policy.suffixes.some((s) => h.endsWith(s))) return null;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(h, { all: true });
  } catch {
    return `${h} could not be resolved to check it against ${ALLOWED_TARGETS_VAR}`;
  }
  return addresses.length && addresses.every((a) => addressAllowed(policy, a.address)) ? null : refused;
}

/** The host of a URL (brackets of an IPv6 literal removed), or "" when it does not parse. */
export function urlHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return "";
  }
}
