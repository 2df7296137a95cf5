import { toLicodeError } from './errors';
import { delay } from './timeout';

/** Pause before a repeated media recovery, growing with each attempt, so a failing server is not hammered. */
const RECOVERY_PAUSE_MS = 1_000;

/** The recovery bookkeeping shared by publications and subscriptions. */
export interface Recoverable {
  recoveries: number;
  recovering: boolean;
  closed: boolean;
}

export interface RecoveryPolicy {
  maxAttempts: number;
  /** Only a connected session repairs single streams; a lost session is rebuilt as a whole by the rejoin. */
  connected(): boolean;
}

export interface RecoveryPlan {
  /** Whether the room still holds this entry (not replaced, not removed). */
  isCurrent(): boolean;
  /** Tear the failed media down and build it again (republish / resubscribe). */
  rebuild(): Promise<void>;
  /** Names a failed rebuild in the reason of the next attempt, e.g. "republish". */
  verb: string;
  giveUp(reason: string, maxAttempts: number): void;
}

/** Bounded repair of one publication or subscription after ICE failure, `connection_failed` or server removal. */
export async function recoverMedia(entry: Recoverable, reason: string, policy: RecoveryPolicy, plan: RecoveryPlan): Promise<void> {
  if (entry.closed || entry.recovering || !plan.isCurrent()) return;
  if (!policy.connected()) return;
  if (entry.recoveries >= policy.maxAttempts) {
    plan.giveUp(reason, policy.maxAttempts);
    return;
  }
  entry.recovering = true;
  entry.recoveries++;
  let failure: string | undefined;
  try {
    if (entry.recoveries > 1) await delay(RECOVERY_PAUSE_MS * (entry.recoveries - 1));
    if (entry.closed || !plan.isCurrent() || !policy.connected()) return;
    await plan.rebuild();
  } catch (err) {
    failure = toLicodeError(err, 'media-failed').message;
  } finally {
    entry.recovering = false;
  }
  if (failure !== undefined) void recoverMedia(entry, `${plan.verb} failed: ${failure}`, policy, plan);
}
