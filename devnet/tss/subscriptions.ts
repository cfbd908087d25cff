import {
  subscribeRequestFromJson,
  verifySubscribeRequest,
  type PartyId,
  type SubscribeRequest,
} from '../../lib/wire';
import { TssError } from './errors';
import type { Member } from './session';

const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** What the gate needs of a session: its id and its members. */
export interface SubscribedSession {
  readonly id: string;
  member(partyId: PartyId): Member | undefined;
}

/**
 * Who may open a stream of this server (`/signer/subscribe_to_me`, docs/wire.md): a member of the
 * session, with the session's account for it, by its sr25519 signature or by a MAC under the X25519 key
 * the session has for it, and only with a timestamp newer than its last accepted one, so a replay inside
 * the window cannot take over its stream.
 */
export class SubscriptionGate {
  /** The last accepted timestamp per `session/party`. */
  private readonly last = new Map<string, number>();

  constructor(private readonly self: { partyId: PartyId; x25519SecretKey: Uint8Array }) {}

  /**
   * Decodes the body and checks what needs no session: a signed request's timestamp and signature are
   * checked before the caller waits for the session; a MAC is checked in `admit`, with the member's key.
   */
  check(body: unknown): SubscribeRequest {
    const request = subscribeRequestFromJson(body);
    if (request.mac === undefined) verifySubscribeRequest(request, { self: this.self.partyId });
    return request;
  }

  /** Admits `request` to `session`'s stream, or throws a typed refusal (`NOT_MEMBER`, `UNAUTHORIZED`, `WireError`). */
  admit(request: SubscribeRequest, session: SubscribedSession): void {
    const member = session.member(request.partyId);
    if (!member || member.partyId === this.self.partyId || !equal(member.account, request.account)) {
      throw new TssError(`${request.partyId} is not a member of this session with that account`, {
        code: 'NOT_MEMBER',
      });
    }
    if (request.mac !== undefined) {
      verifySubscribeRequest(request, {
        self: this.self.partyId,
        channel: { x25519SecretKey: this.self.x25519SecretKey, subscriberX25519PublicKey: member.x25519 },
      });
    }
    const key = `${session.id}/${request.partyId}`;
    if ((this.last.get(key) ?? -1) >= request.timestamp) {
      throw new TssError('Subscription replayed: its timestamp is not newer than the last one', {
        code: 'UNAUTHORIZED',
      });
    }
    this.last.set(key, request.timestamp);
  }

  /** Forgets the timestamps of the sessions `keep` no longer holds. */
  prune(keep: (sessionId: string) => boolean): void {
    for (const key of this.last.keys()) if (!keep(key.split('/')[0]!)) this.last.delete(key);
  }
}
