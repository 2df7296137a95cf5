import type { ServerCheckResult, ServerProfile } from '../../../../common/api-contract';
import { app } from '../../state/app.svelte';

/** The form's unsaved server settings that a check uses. */
export type CheckedServer = Pick<ServerProfile, 'serverUrl' | 'defaultRole' | 'allowSelfSigned'>;

/**
 * "Test before saving": main asks the server for a token with the form's settings and says where it points; the
 * token itself never reaches the page. Resolves with the controller host or throws ApiCallError.
 */
export function checkServer(server: CheckedServer): Promise<ServerCheckResult> {
  return app.host.call('server:check', { serverUrl: server.serverUrl, role: server.defaultRole, allowSelfSigned: server.allowSelfSigned });
}
