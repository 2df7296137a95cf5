import type { RoleTable } from '../config';
import type { MediaConnection, MediaPlane } from '../media/types';
import type { RoomRegistry } from '../rooms/room-registry';
import type { StreamIdGenerator } from '../rooms/stream-ids';
import type { TokenService } from '../tokens/token-service';
import type { FaultRegistry } from './faults';
import type { RecordingLog } from './recordings';

/** Everything a dialect's controller needs from the server around it. */
export interface ControllerContext {
  tokens: TokenService;
  rooms: RoomRegistry;
  roles: RoleTable;
  media: MediaPlane;
  faults: FaultRegistry;
  ids: StreamIdGenerator;
  /** What clients asked to record (the admin API lists it). */
  recordings: RecordingLog;
  iceServers: readonly object[];
  reconnectionGraceMs: number;
  log: (line: string) => void;
}

export interface ClientSummary {
  clientId: string;
  roomId: string;
  name: string;
  role: string;
  /** Has a live socket (false during the reconnection grace). */
  connected: boolean;
  published: number[];
  subscribed: number[];
  connections: string[];
}

/** What the admin API can do with a running dialect controller. */
export interface DialectController {
  clients(): ClientSummary[];
  /**
   * Sockets that never presented a token (nor a clientId / `reconnected`): what a generation probe (§1.4) looks like.
   * Real Licode logs a failed token authentication for each; the app should probe once per server, not per join.
   */
  readonly tokenlessSockets: number;
  /** Cut a client's socket abruptly (as a network drop); keep refusing its reconnection for `blockMs`. */
  dropClient(clientId: string, blockMs: number): boolean;
  /** Emit an arbitrary (possibly malformed or hostile) event to a client. C: `envelope` wraps it in a ReliableSocket envelope. */
  sendRaw(clientId: string, event: string, args: unknown[], envelope: boolean): boolean;
  /** The media connection carrying a stream's publication, or one subscriber's connection for it (fault injection). */
  streamMedia(streamId: number, subscriberClientId?: string): MediaConnection | undefined;
  /** Remove a publication server-side, as when its ErizoJS dies: onRemoveStream to the room. */
  killStream(streamId: number): Promise<boolean>;
  /** Send `onBandwidthAlert` to a stream's subscribers. */
  bandwidthAlert(streamId: number, message: string, bandwidth: number): boolean;
  /** Dialect C: report `quality_level` (info 150) on every connection of a client; false if unknown or dialect A. */
  qualityLevel(clientId: string, level: number): boolean;
  close(): Promise<void>;
}
