import type { ServerCheckResult, ServerProfile } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';

/** The form's unsaved server settings that a check uses. */
export type CheckedServer = Pick<ServerProfile, 'serverUrl' | 'defaultRole' | 'allowSelfSigned'>;

export interface RunningServerCheck {
  /** The controller host, or ApiCallError (code 'cancelled' once cancelled). */
  readonly result: Promise<ServerCheckResult>;
  /** Stops the check in main (its HTTP request is closed); the page does not wait for that. */
  cancel(): void;
}

/**
 * "Test before saving": main asks the server for a token with the form's settings and says where it points; the
 * token itself never reaches the page. The check has an id of its own so that Cancel can stop it in main.
 */
export function startServerCheck(server: CheckedServer): RunningServerCheck {
  const checkId = `check-${crypto.randomUUID()}`;
  const result = app.host.call('server:check', { serverUrl: server.serverUrl, role: server.defaultRole, allowSelfSigned: server.allowSelfSigned, checkId });
  return {
    result,
    cancel: () => {
      // Nothing to tell the person if main cannot be reached to cancel: the check then ends by its own timeout.
      app.host.call('server:cancelCheck', { checkId }).catch(() => undefined);
    },
  };
}
