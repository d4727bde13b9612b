import { randomBytes } from 'node:crypto';
import type { SessionRecord, StandinState } from './standin-state.ts';

export interface AuthOptions {
  readonly username: string;
  readonly password: string;
  /** GP `security.allowedFailedLoginsBeforeLockout` (openmrs.md §3.2): default 7. */
  readonly lockoutAfter: number;
  /** Lockout duration; core hard-codes 5 minutes (openmrs.md §3.2). */
  readonly lockoutMs: number;
  /** Idle timeout of an HTTP session; Tomcat's default is 30 minutes (openmrs.md §3.2, inferred there). */
  readonly sessionTimeoutMs: number;
}

/**
 * The single service account, its failed-login counter and lockout, and the servlet sessions.
 * Mirrors `HibernateContextDAO.authenticate` in openmrs-core 2.8 (openmrs.md §3.2).
 */
export class AuthService {
  private readonly sessions = new Map<string, SessionRecord>();
  private attempts = 0;
  private lockoutAt: number | null = null;
  private loginCount = 0;
  private failedCount = 0;

  constructor(
    private readonly state: StandinState,
    private readonly options: AuthOptions,
  ) {}

  /** Successful credential checks so far (each one a DB write in real OpenMRS, openmrs.md §3.2). */
  logins(): number {
    return this.loginCount;
  }

  /** Failed credential checks so far, including attempts refused because of the lockout. */
  failedLogins(): number {
    return this.failedCount;
  }

  /** Whether the account is currently locked out. */
  isLocked(): boolean {
    return this.lockoutAt !== null && this.state.now() - this.lockoutAt <= this.options.lockoutMs;
  }

  /**
   * Checks credentials like core: only a known username counts towards the lockout; the failure that
   * takes the count above `lockoutAfter` stamps the lockout; while locked every attempt, even with the
   * right password, fails and re-stamps the lockout ("make them wait another 5 mins"); after the wait the
   * counter resets (openmrs.md §3.2).
   */
  authenticate(username: string, password: string): boolean {
    if (username !== this.options.username) {
      this.failedCount++;
      return false;
    }
    const now = this.state.now();
    if (this.lockoutAt !== null) {
      if (now - this.lockoutAt > this.options.lockoutMs) {
        this.attempts = 0;
        this.lockoutAt = null;
      } else {
        this.lockoutAt = now;
        this.failedCount++;
        return false;
      }
    }
    if (password === this.options.password) {
      this.attempts = 0;
      this.loginCount++;
      return true;
    }
    this.failedCount++;
    const attempts = this.attempts + 1;
    if (attempts > this.options.lockoutAfter) this.lockoutAt = now;
    else this.attempts = attempts;
    return false;
  }

  /**
   * Splits an `Authorization: Basic …` header the way the REST filter does: drop the first 6 characters,
   * base64-decode, split on `:` and take parts 0 and 1 (so a password with `:` is truncated, as in OpenMRS).
   */
  parseBasic(header: string | undefined): { username: string; password: string } | undefined {
    if (header === undefined || !/^basic /i.test(header)) return undefined;
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const parts = decoded.split(':');
    if (parts.length < 2 || parts[1] === '') return undefined;
    return { username: parts[0]!, password: parts[1]! };
  }

  /** A new authenticated HTTP session; its id travels only in `Set-Cookie` (openmrs.md §3.3). */
  createSession(): SessionRecord {
    const id = randomBytes(16).toString('hex').toUpperCase();
    const now = this.state.now();
    const session: SessionRecord = {
      id,
      createdAt: now,
      lastAccess: now,
      locale: 'en_GB',
      sessionLocationUuid: null,
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The live session with this id (touching it), or undefined when unknown, expired or logged out. */
  lookup(id: string): SessionRecord | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.state.now();
    if (now - session.lastAccess > this.options.sessionTimeoutMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastAccess = now;
    return session;
  }

  /** Invalidates one session (`DELETE /session`). */
  invalidate(id: string): void {
    this.sessions.delete(id);
  }

  /** Invalidates every session, as a server restart or mass timeout would. */
  expireAll(): void {
    this.sessions.clear();
  }

  /** Number of live sessions. */
  activeSessions(): number {
    const now = this.state.now();
    return [...this.sessions.values()].filter((s) => now - s.lastAccess <= this.options.sessionTimeoutMs)
      .length;
  }
}
