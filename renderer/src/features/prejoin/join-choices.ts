/**
 * What pre-join remembers for the next join (name, camera/microphone on or off, devices). Written only when it
 * changed: a config write is a round trip to main that would otherwise sit between the Join click and the call.
 */
import type { AppConfig, ConfigPatch } from '../../../../common/api-contract';

export type JoinChoices = Required<Pick<ConfigPatch, 'displayName' | 'joinWithCamera' | 'joinWithMicrophone' | 'preferredDevices'>>;

export type SavedJoinChoices = Pick<AppConfig, 'displayName' | 'joinWithCamera' | 'joinWithMicrophone' | 'preferredDevices'>;

export function joinChoicesChanged(config: SavedJoinChoices | null, choices: JoinChoices): boolean {
  if (!config) return true;
  const saved = config.preferredDevices;
  const wanted = choices.preferredDevices;
  return (
    config.displayName !== choices.displayName ||
    config.joinWithCamera !== choices.joinWithCamera ||
    config.joinWithMicrophone !== choices.joinWithMicrophone ||
    saved.cameraId !== wanted.cameraId ||
    saved.microphoneId !== wanted.microphoneId ||
    saved.speakerId !== wanted.speakerId
  );
}
