// Public API of the Licode client core (framework-free; used by the meeting UI).
export { Room } from './room';
export { DEFAULT_MAX_REMOTE_STREAMS } from './remote-streams';
export type {
  Generation,
  JoinResult,
  Publication,
  PublicationStateEvent,
  PublicationStatus,
  PublishFailureStage,
  PublishOptions,
  RoomConnectionState,
  RoomEvents,
  RoomOptions,
  SubscribeOptions,
} from './room-types';
export type { RemoteStream, MuteState } from './streams';
export { MUTE_ATTRIBUTE } from './streams';
export type { StreamQuality } from './stats';
export type { MaxResolution, QualityLayer, SubscriptionUpdate } from './subscription-config';
export type { StreamId } from './messages';
export { LicodeError } from './errors';
export { RecordingError } from './recording';
export type { RecordingId, RecordingRefusal } from './recording';
export type { LicodeErrorCode } from './errors';
export { decodeToken, controllerUrl } from './token';
export type { LicodeToken } from './token';
export { detectGeneration } from './detect';
export type { DetectedGeneration } from './detect';
export type { BackoffOptions } from './backoff';
