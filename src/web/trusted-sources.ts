/**
 * Trusted source addresses (`webhook.trusted_sources`): the addresses and CIDR ranges whose
 * requests to `POST /hubot/st2` need no token, for senders that cannot send one (the Exchange
 * `hubot` pack's `post_message` posts `{channel, message, user?, whisper?}` and nothing else).
 */
import { BlockList, isIP } from 'node:net';

/** One entry read: its address, prefix length and family. */
interface SourceRange {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** Read `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `x::/n`; a string says why it is not one. */
export function parseTrustedSource(entry: string): SourceRange | string {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) {
    return `"${entry}" is not an IP address or a CIDR range (127.0.0.1, 10.0.0.0/8, ::1)`;
  }
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    return `"${entry}": the prefix length must be a number from 0 to ${max}`;
  }
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return `"${entry}": the prefix length must be a number from 0 to ${max}`;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** True for a range that holds every address of its family (`0.0.0.0/0`, `::/0`). */
export function coversEverything(entry: string): boolean {
  const range = parseTrustedSource(entry);
  return typeof range !== 'string' && range.prefix === 0;
}

/** An IPv4 address written the IPv6 way (`::ffff:127.0.0.1`, as dual-stack sockets report it). */
const MAPPED_V4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** A test of request addresses against the trusted sources. */
export type SourceCheck = (address: string | undefined) => boolean;

/** The check for `entries` (already validated by the configuration; invalid ones are skipped). */
export function trustedSourceCheck(entries: readonly string[]): SourceCheck {
  const list = new BlockList();
  for (const entry of entries) {
    const range = parseTrustedSource(entry);
    if (typeof range === 'string') continue;
    list.addSubnet(range.address, range.prefix, range.family);
  }
  return (address) => {
    if (!address) return false;
    const plain = MAPPED_V4.exec(address)?.[1] ?? address;
    const version = isIP(plain);
    if (version === 0) return false;
    return list.check(plain, version === 4 ? 'ipv4' : 'ipv6');
  };
}
