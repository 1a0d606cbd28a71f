/**
 * Identities for back-ends where a name is the whole identity (the terminal and test back-ends):
 * a person's or a room's id, display name and ACL key are one string, and st2's channel for a
 * direct conversation is `@user`.
 */
import type { BackendIdentity } from '../../core/backend.js';
import type { Place, Principal, Room, Target } from '../../core/identity.js';

/** The person `id` of back-end `backend`: id, name and ACL key are all `id`. */
export function plainPrincipal(backend: string, id: string): Principal {
  return { backend, id, name: id, aclKey: id };
}

/** The room `id` of back-end `backend`: id, name and ACL key are all `id`. */
export function plainRoom(backend: string, id: string): Room {
  return { backend, id, name: id, aclKey: id };
}

/**
 * The identity helpers of such a back-end: `@name` (or an empty channel with a user) is a direct
 * conversation, any other channel is the room of that name.
 * @param selfId the bot's own id, read on every `self()` call
 */
export function plainIdentity(backend: string, selfId: () => string): BackendIdentity {
  const person = (id: string) => plainPrincipal(backend, id);
  return {
    self: () => person(selfId()),
    channelOf: (place: Place, author: Principal) =>
      place.kind === 'room' ? place.room.id : `@${author.id}`,
    targetFor: (channel: string, user?: string): Promise<Target | undefined> => {
      if (channel.startsWith('@')) {
        return Promise.resolve({ kind: 'direct', user: person(channel.slice(1)) });
      }
      if (!channel) {
        return Promise.resolve(user ? { kind: 'direct', user: person(user) } : undefined);
      }
      return Promise.resolve({ kind: 'room', room: plainRoom(backend, channel) });
    },
    principalFor: (user: string) => Promise.resolve(person(user)),
  };
}
