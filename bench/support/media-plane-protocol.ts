/** Messages between a benchmark and the media plane it runs in a child process (so its CPU is measured alone). */
export type PlaneRequest =
  | { op: 'publish'; connectionId: string; streamId: number; label: string; offer: string; maxVideoBW?: number }
  | { op: 'subscribe'; connectionId: string; streamId: number }
  | { op: 'answer'; connectionId: string; sdp: string }
  | { op: 'measure'; durationMs: number }
  | { op: 'close' };

export interface Measurement {
  wallMs: number;
  /** process.cpuUsage() of the media plane process over the window, µs. */
  userUs: number;
  systemUs: number;
  packetsIn: { audio: number; video: number };
  packetsOut: { audio: number; video: number };
  plisSent: number;
  rssBytes: number;
}

export type PlaneReply = { id: number; ok: true; sdp?: string; measurement?: Measurement } | { id: number; ok: false; error: string };

export type PlaneEvent = { event: 'connection'; connectionId: string; type: string; streamId?: number };

export type PlaneMessage = ({ id: number } & PlaneRequest) | PlaneReply | PlaneEvent;
