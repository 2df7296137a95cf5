import { createHmac, randomBytes } from 'node:crypto';
import { TOKEN_LIFETIME_MS } from '../config';

/** What Nuve stores per token (docs/licode-protocol.md §6.3). */
export interface TokenRecord {
  tokenId: string;
  userName: string;
  role: string;
  roomId: string;
  creationDate: number;
  mediaConfiguration: string;
  secure: boolean;
  host: string;
  p2p?: true;
}

/** The client-visible token, base64-encoded JSON. */
export interface PresentedToken {
  tokenId: string;
  host: string;
  secure: boolean;
  signature: string;
}

export type TokenFailure = 'Authentication error' | 'Token does not exist' | 'Invalid host' | 'Nuve does not respond';

export type TokenCheck = { ok: true; record: TokenRecord } | { ok: false; reason: TokenFailure };

/** A MongoDB-ObjectId-shaped id: 24 lower-case hex digits. */
export function objectId(): string {
  return randomBytes(12).toString('hex');
}

export function signToken(key: string, tokenId: string, host: string): string {
  const hex = createHmac('sha1', key).update(`${tokenId},${host}`).digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

/**
 * Nuve's token registry plus the ErizoController's check: single use, HMAC over "tokenId,host" with the
 * superservice key, host comparison, and the lazy 3-minute sweep (§6.3).
 */
export class TokenService {
  private readonly tokens = new Map<string, TokenRecord>();
  /** Fault injection: the next N checks fail with this reason. */
  private refusals: { remaining: number; reason: TokenFailure }[] = [];

  constructor(
    private readonly key: string,
    private readonly now: () => number = Date.now,
  ) {}

  issue(fields: Omit<TokenRecord, 'tokenId' | 'creationDate'>): string {
    const tokenId = objectId();
    this.tokens.set(tokenId, { ...fields, tokenId, creationDate: this.now() });
    const presented: PresentedToken = {
      tokenId,
      host: fields.host,
      secure: fields.secure,
      signature: signToken(this.key, tokenId, fields.host),
    };
    return Buffer.from(JSON.stringify(presented), 'utf8').toString('base64');
  }

  /**
   * The ErizoController's check. `presented` is whatever the client sent (any shape). The sweep of tokens older than
   * 3 minutes runs on every check but, as in Nuve, completes after the lookup of the presented token, so the token
   * that triggers the sweep is still found.
   */
  check(presented: unknown): TokenCheck {
    if (!isPresentedShape(presented)) return { ok: false, reason: 'Authentication error' };
    if (signToken(this.key, presented.tokenId, presented.host) !== presented.signature) {
      return { ok: false, reason: 'Authentication error' };
    }
    const refusal = this.refusals[0];
    if (refusal) {
      refusal.remaining -= 1;
      if (refusal.remaining <= 0) this.refusals.shift();
      return { ok: false, reason: refusal.reason };
    }
    const expired = [...this.tokens.values()].filter((t) => this.now() - t.creationDate > TOKEN_LIFETIME_MS);
    const record = this.tokens.get(presented.tokenId);
    for (const t of expired) this.tokens.delete(t.tokenId);
    if (!record) return { ok: false, reason: 'Token does not exist' };
    this.tokens.delete(record.tokenId);
    if (record.host !== presented.host) return { ok: false, reason: 'Invalid host' };
    return { ok: true, record };
  }

  /** Fault injection: refuse the next `count` otherwise valid-looking token checks. */
  refuseNext(count: number, reason: TokenFailure): void {
    this.refusals.push({ remaining: count, reason });
  }

  /** Fault injection: forget tokens now (all, or one), as if Nuve had swept them. Returns how many. */
  expire(tokenId?: string): number {
    if (tokenId !== undefined) return this.tokens.delete(tokenId) ? 1 : 0;
    const n = this.tokens.size;
    this.tokens.clear();
    return n;
  }

  /** Fault injection: make every stored token `ms` older (to reach the 3-minute sweep without waiting). */
  age(ms: number): void {
    for (const t of this.tokens.values()) t.creationDate -= ms;
  }

  get size(): number {
    return this.tokens.size;
  }
}

function isPresentedShape(v: unknown): v is PresentedToken {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.tokenId === 'string' && typeof o.host === 'string' && typeof o.signature === 'string';
}
