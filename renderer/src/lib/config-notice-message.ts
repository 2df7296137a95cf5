import type { ConfigNotice } from '../../../common/api-contract';
import type { MessageKey } from '../i18n/en';

/** The message (and its parameters) that tells the user about a config notice. */
export function configNoticeMessage(notice: ConfigNotice): { key: MessageKey; params: Record<string, string | number> } {
  switch (notice.kind) {
    case 'migrated':
      return { key: 'notice.migrated', params: {} };
    case 'reset-corrupt':
    case 'reset-invalid':
      return { key: `notice.${notice.kind}`, params: { file: notice.backupFile } };
    case 'entries-dropped':
      return notice.backupFile === null
        ? { key: 'notice.entries-dropped-in-place', params: { count: notice.count } }
        : { key: 'notice.entries-dropped', params: { count: notice.count, file: notice.backupFile } };
    case 'newer-version':
      return { key: 'notice.newer-version', params: { file: notice.file, version: notice.version } };
    case 'unreadable':
      return { key: `notice.unreadable.${notice.reason}`, params: { file: notice.file } };
  }
}
