/**
 * JIDs as the XMPP back-end uses them: parsed once, with the case-insensitive parts lower-cased so
 * the same person always gets the same identity.
 */
import { jid } from '@xmpp/client';

/** A parsed JID. */
export interface Address {
  /** `local@domain`, lower-cased. */
  readonly bare: string;
  /** The local part, lower-cased (empty for a server or component). */
  readonly local: string;
  /** The domain, lower-cased. */
  readonly domain: string;
  /** The resource, case kept (a MUC nick, a client's resource); empty when absent. */
  readonly resource: string;
  /** `bare/resource`, or `bare` when there is no resource. */
  readonly full: string;
}

/** Parse a JID; undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  if (!text || /\s/.test(text.replace(/\/.*$/, ''))) return undefined;
  try {
    const j = jid(text);
    const local = (j.local || '').toLowerCase();
    const domain = (j.domain || '').toLowerCase();
    if (!domain) return undefined;
    const bare = local ? `${local}@${domain}` : domain;
    const resource = j.resource || '';
    return { bare, local, domain, resource, full: resource ? `${bare}/${resource}` : bare };
  } catch {
    return undefined;
  }
}
