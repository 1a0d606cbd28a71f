/**
 * What the bot knows about the MUC rooms it is in: its own nick there and, per occupant nick, the
 * occupant's real bare JID when the room discloses it (non-anonymous rooms, or the bot moderates).
 */

interface RoomState {
  selfNick: string | undefined;
  readonly occupants: Map<string, string | undefined>;
}

/** The bot's view of its rooms; cleared when the connection drops (rooms are re-joined). */
export class RoomRoster {
  private readonly rooms = new Map<string, RoomState>();

  private state(room: string): RoomState {
    let s = this.rooms.get(room);
    if (!s) {
      s = { selfNick: undefined, occupants: new Map() };
      this.rooms.set(room, s);
    }
    return s;
  }

  /** Record that the bot is in `room` as `nick`. */
  joined(room: string, nick: string): void {
    this.state(room).selfNick = nick;
  }

  /** True once the room confirmed the bot's join. */
  isJoined(room: string): boolean {
    return this.rooms.get(room)?.selfNick !== undefined;
  }

  /** The bot's nick in `room`, once joined. */
  selfNick(room: string): string | undefined {
    return this.rooms.get(room)?.selfNick;
  }

  /** The rooms the bot is in. */
  joinedRooms(): string[] {
    return [...this.rooms].filter(([, s]) => s.selfNick !== undefined).map(([room]) => room);
  }

  /** Record an occupant (present) and its real bare JID when known. */
  present(room: string, nick: string, realJid: string | undefined): void {
    const occupants = this.state(room).occupants;
    occupants.set(nick, realJid ?? occupants.get(nick));
  }

  /** Forget an occupant that left. */
  left(room: string, nick: string): void {
    this.rooms.get(room)?.occupants.delete(nick);
  }

  /** Forget the room (the bot left or was removed). */
  forget(room: string): void {
    this.rooms.delete(room);
  }

  /** The occupant's real bare JID, when the room disclosed it. */
  realJid(room: string, nick: string): string | undefined {
    return this.rooms.get(room)?.occupants.get(nick);
  }

  /** The nick a person (real bare JID) uses in `room`, when present. */
  nickOf(room: string, realJid: string): string | undefined {
    for (const [nick, jid] of this.rooms.get(room)?.occupants ?? []) {
      if (jid === realJid) return nick;
    }
    return undefined;
  }

  /** Forget everything (after a disconnect). */
  clear(): void {
    this.rooms.clear();
  }
}
