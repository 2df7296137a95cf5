/**
 * Test support: the handlers' collaborators with real, quiet defaults (a config store in the given folder, no screens,
 * no links, no call), so a test names only what it is about. Adding a dependency to HandlerDeps then means one edit here.
 */
import { CallState } from '../calls/call-state';
import { ConfigStore } from '../config/config-store';
import { ScreenShareService } from '../display-media/screen-share-service';
import { PendingMeetingLink } from '../links/pending-link';
import type { HandlerDeps } from './handlers';

export async function testHandlerDeps(configDir: string, overrides: Partial<HandlerDeps> = {}): Promise<HandlerDeps> {
  return {
    config: await ConfigStore.open(configDir),
    createToken: async () => {
      throw new Error('this test requests no token');
    },
    appInfo: () => ({ name: 'Licode Desktop', version: '0.1.0', host: 'web', platform: 'linux', versions: {} }),
    screenShare: new ScreenShareService({
      captures: 'page',
      capabilities: { picker: 'in-app', loopbackAudio: false },
      listSources: async () => [],
      emitPick: () => {},
    }),
    links: new PendingMeetingLink({ announce: () => {}, announceRefusal: () => {}, warn: () => {} }),
    callState: new CallState(),
    exportLogs: async () => null,
    ...overrides,
  };
}
