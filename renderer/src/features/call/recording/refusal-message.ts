import { LicodeError, RecordingError } from '../../../licode/index';
import type { MessageKey } from '../../../i18n/i18n.svelte';

/**
 * Why a recording request failed, as a message of the user's language: Licode's refusals are known strings
 * (RecordingError.refusal), so only an unknown one shows the server's own (English) words.
 */
export function refusalMessage(error: unknown): { key: MessageKey; params?: Record<string, string> } {
  if (error instanceof RecordingError) {
    switch (error.refusal) {
      case 'no-right':
        return { key: 'recording.reason.noRight' };
      case 'not-recordable':
        return { key: 'recording.reason.notRecordable' };
      case 'publisher-missing':
        return { key: 'recording.reason.publisherGone' };
      case 'not-recording':
        return { key: 'recording.reason.notRecording' };
      case 'other':
        break;
    }
  }
  if (error instanceof LicodeError && error.code === 'timeout') return { key: 'recording.reason.timeout' };
  if (error instanceof LicodeError && error.code === 'not-connected') return { key: 'recording.reason.notConnected' };
  return { key: 'recording.reason.other', params: { details: error instanceof Error ? error.message : String(error) } };
}
