import { CONFIG_VERSION, type AppConfig } from '../../common/api-contract';

export function defaultConfig(): AppConfig {
  return {
    version: CONFIG_VERSION,
    language: 'en',
    profiles: [],
    activeProfileId: null,
    recentRooms: [],
    preferredDevices: {},
    displayName: '',
    joinWithCamera: true,
    joinWithMicrophone: true,
  };
}
