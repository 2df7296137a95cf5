/**
 * One call: joins the Licode room, publishes the local camera/microphone (and a screen share), subscribes to
 * everyone else with caps that fit their tiles, and turns the library's events into reactive tiles, chat,
 * announcements and a connection phase for the view. Talks to the Licode client only through its public API.
 */
import { FEWEST_REMOTE_TILES } from './grid-fit';
import { releaseWarmVideos } from './warm-videos';
import { untrack } from 'svelte';
import {
  LicodeError,
  Room,
  type DetectedGeneration,
  type Publication,
  type PublicationStateEvent,
  type RemoteStream,
  type RoomConnectionState,
  type StreamId,
  type StreamQuality,
} from '../../licode/index';
import { t, type MessageKey } from '../../i18n/i18n.svelte';
import { ActiveSpeaker } from './active-speaker';
import { ChatLog } from './chat.svelte';
import { reportCallEvent } from '../desktop/report-call-events';
import { readChatMessage } from './chat-message';
import { LocalDevices, type LocalDevicesInit } from '../devices/local-devices.svelte';
import { ScreenShare, type ShareEvent } from '../screen-share/screen-share.svelte';
import { SharePicker } from '../screen-share/share-picker.svelte';
import type { HostApi } from '../../platform/api';
import { MutedSpeechWatch } from './muted-speech';
import { participantName } from './participant-name';
import { hasStage, parkedPublication, publishNotice, type Notice } from './publish-notice';
import { PresenceAnnouncer, PresentIdentities, type PresenceAnnouncement, type PresenceStream } from './presence-announcements';
import { generationToRemember, planGeneration, shouldRedetect, type GenerationPlan } from './remembered-generation';
import { CAPS, tileSize, type LayoutFacts, type TileSize } from './subscription-caps';
import { SubscriptionScheduler, type SubscriptionMode } from './subscription-scheduler';
import { RaisedHands } from './reactions/hands.svelte';
import { Reactions } from './reactions/reactions.svelte';
import { MediaHealth } from './media-health/media-health.svelte';
import { ReconnectStatus } from './media-health/reconnect-status.svelte';
import type { OwnStream, SignalsContext } from './reactions/own-stream';
import { Recorder } from './recording/recorder.svelte';

export type CallPhase = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'left';
export type SidePanel = 'chat' | 'people' | 'devices' | null;

export interface Tile {
  key: string;
  streamId: StreamId | null;
  name: string;
  local: boolean;
  screen: boolean;
  hasAudio: boolean;
  hasVideo: boolean;
  audioMuted: boolean;
  videoMuted: boolean;
  mediaStream: MediaStream | null;
  quality: StreamQuality | null;
  /** The cap we subscribed with (remote tiles). */
  size: TileSize | null;
}

export interface CallSessionOptions extends LocalDevicesInit {
  /** The host API: the screen-share picker talks to main through it. */
  host: HostApi;
  token: string;
  displayName: string;
  generation: 'auto' | 'A0' | 'A' | 'B' | 'C1C2' | 'C';
  /** The generation detected earlier for this server profile (used instead of the probe with 'auto'). */
  knownGeneration?: DetectedGeneration | null;
  /** Called when a join detected a generation worth remembering for the profile (a first or a changed one). */
  rememberGeneration?: (generation: DetectedGeneration) => void;
  allowSelfSigned: boolean;
  /** A fresh single-use token (rejoin after the server lost our session, or "Try again"). */
  freshToken: () => Promise<string>;
  announce: (message: string) => void;
  /** Kiosk mode: the room never stops reconnecting and rejoining (with a fresh token each time). */
  unboundedReconnect?: boolean;
  /** A room pre-join already joined with `token` (meeting-preview.svelte.ts): the call adopts it instead of joining. */
  preparedRoom?: Room | null;
}

const LOCAL_KEY = 'local';
/** Layout changes settle this long before subscriptions are re-capped: the stage follows the active speaker, and
 * every change of layer costs the server a keyframe. */
const FIT_SETTLE_MS = 600;
/** Camera publications carry three simulcast layers (¼, ½, full size) so each viewer gets the one its tile needs. */
const CAMERA_SIMULCAST = { layers: 3 };
const LOCAL_SCREEN_KEY = 'local-screen';
/** Leaving stops our recordings first, but waits for the server's answers no longer than this. */
const STOP_RECORDING_ON_LEAVE_MS = 1_500;
/**
 * Streams turned into tiles per task when many arrive at once (a big join list, a flood of onAddStream): the view
 * answers clicks between batches instead of freezing until thousands are done.
 */
const ADD_BATCH = 200;
/** Participants off the page we still hear: audio-only subscriptions (one peer connection each, no video to decode). */
const OFF_PAGE_AUDIO_SUBSCRIPTIONS = 25;
/** Further participants off the page we still get chat from: data-only subscriptions, no peer connection. */
const OFF_PAGE_DATA_SUBSCRIPTIONS = 100;
/** Streams without audio or video (no tile) we still hear chat from; a participant publishing thousands gets no more. */
const DATA_ONLY_SUBSCRIPTIONS = 10;
const remoteKey = (id: StreamId) => `r:${id}`;

/** The participant's name from the stream's attributes (participant-name.ts), else a stable "Guest 4821". */
function nameOf(stream: Pick<RemoteStream, 'id' | 'attributes'>): string {
  const name = participantName(stream);
  return name.kind === 'named' ? name.name : t('meeting.guest', { number: name.number });
}

/** How many other people the room lists (camera/microphone streams, not screen shares or data-only streams). */
function othersIn(room: Room): number {
  let count = 0;
  for (const stream of room.remoteStreams.values()) if ((stream.audio || stream.video) && !stream.screen) count++;
  return count;
}

const PRESENCE_MESSAGES = {
  joined: { camera: 'meeting.announce.participantJoined', screen: 'meeting.announce.screenStarted' },
  left: { camera: 'meeting.announce.participantLeft', screen: 'meeting.announce.screenStopped' },
} as const satisfies Record<PresenceAnnouncement['kind'], Record<'camera' | 'screen', MessageKey>>;

export class CallSession {
  phase = $state<CallPhase>('connecting');
  failure = $state<LicodeError | null>(null);
  remotes = $state<Tile[]>([]);
  /** Replaced whole once a second, never mutated: raw, so no proxy is built for every sample. */
  localQuality = $state.raw<StreamQuality | null>(null);
  /** A problem the user should know about that does not end the call (message key + params). */
  notice = $state<{ key: MessageKey; params?: Record<string, string | number> } | null>(null);
  /** The notice #onPublicationState showed last (cleared when the publication is ready, unless replaced meanwhile). */
  #publishNotice: Notice | null = null;
  layout = $state<'grid' | 'stage'>('grid');
  pinned = $state<string | null>(null);
  speaker = $state<string | null>(null);
  panel = $state<SidePanel>(null);
  /** The page of remote tiles the grid shows (pageSize per page). */
  page = $state(0);
  /** Remote tiles per page of the grid: as many as the window fits (grid-fit.ts); the rest are a page control away. */
  pageSize = $state(FEWEST_REMOTE_TILES);
  /** Set when the room has more streams than the app lists (the library's cap): the ones beyond it are ignored. */
  streamLimit = $state<number | null>(null);
  /** True while the space bar holds the microphone open. */
  pushToTalk = $state(false);
  /** "You are muted": the microphone hears speech while the user is muted. */
  mutedSpeech = $state(false);
  readonly media: LocalDevices;
  /** Screen sharing has its own rune modules: our source picker and the share's capture and publication. */
  readonly picker: SharePicker;
  readonly share: ScreenShare;
  readonly chat = new ChatLog();
  /** Raised hands (a stream attribute) and reactions (data messages) have modules of their own (reactions/). */
  readonly hands: RaisedHands;
  readonly reactions: Reactions;
  /** Remote media that did not arrive (retried with back-off) or stopped flowing, shown on the tiles (media-health/). */
  readonly health = new MediaHealth((id) => void this.#resubscribe(id));
  /** The way back after a lost connection (tries, time), for the reconnecting banner. */
  readonly reconnect = new ReconnectStatus();
  /** Recording (Licode's recorder, announced in our stream's attributes) has a module of its own (recording/). */
  readonly recording: Recorder;
  readonly displayName: string;

  #options: CallSessionOptions;
  #room: Room | null = null;
  /** The prepared room adopted at construction, until start() takes it. */
  #adopted: Room | null = null;
  #publication: Publication | null = null;
  #stopPicker: () => void;
  #unsubscribe: Array<() => void> = [];
  #levels = new Map<string, number>();
  #activeSpeaker = new ActiveSpeaker();
  /** "You are muted" (muted-speech.ts): listens to the microphone only while muted. */
  #mutedSpeech = new MutedSpeechWatch({ read: () => this.media.readLevel(), onChange: (shown) => (this.mutedSpeech = shown) });
  #stopMicrophoneWatch: (() => void) | null = null;
  #userChoseLayout = false;
  #layoutBeforePin: 'grid' | 'stage' = 'grid';
  #fitTimer: ReturnType<typeof setTimeout> | undefined;
  #layoutFacts: LayoutFacts | null = null;
  #selfViewCache: { track: MediaStreamTrack; stream: MediaStream } | null = null;
  /** Arrivals and departures worth announcing: not a participant's rejoin (presence-announcements.ts). */
  #presence = new PresenceAnnouncer(({ kind, name, screen }) => {
    this.#options.announce(t(PRESENCE_MESSAGES[kind][screen ? 'screen' : 'camera'], { name }));
    // A desktop notification while the window is in the background (features/desktop).
    if (kind === 'joined' && !screen) reportCallEvent(this.#options.host, { kind: 'joined', name });
  });
  /** Keys of remote tiles whose participant has a name of their own (guests cannot be recognised on rejoin). */
  #named = new Set<string>();
  /** Who is present, for the announcer, kept up to date per stream instead of rebuilt for every arrival. */
  #present = new PresentIdentities();
  /** The reactive tile of each remote stream (the same proxies `remotes` holds): lookups without scanning. */
  #tiles = new Map<StreamId, Tile>();
  /** Streams without audio or video: no tile, but chat may come from them. */
  #dataOnly = new Map<StreamId, RemoteStream>();
  /** Streams announced but not turned into tiles yet (handled ADD_BATCH per task). */
  #pendingAdds: Array<{ stream: RemoteStream; announce: boolean }> = [];
  #addTimer: ReturnType<typeof setTimeout> | undefined;
  #planTimer: ReturnType<typeof setTimeout> | undefined;
  #subscriptions: SubscriptionScheduler | null = null;
  #knownGeneration: DetectedGeneration | null;

  constructor(options: CallSessionOptions) {
    this.#options = options;
    this.#knownGeneration = options.knownGeneration ?? null;
    this.displayName = options.displayName;
    this.media = LocalDevices.forCall(options);
    this.picker = new SharePicker(options.host);
    this.#stopPicker = this.picker.listen();
    this.share = new ScreenShare({
      host: options.host,
      picker: this.picker,
      room: () => (this.phase === 'connected' ? this.#room : null),
      displayName: () => this.displayName,
      onEvent: (event) => this.#onShareEvent(event),
    });
    const signals: SignalsContext = {
      ownKey: LOCAL_KEY,
      own: () => this.#ownStream(),
      announce: (message) => this.#options.announce(message),
      notify: (key, params) => (this.notice = params ? { key, params } : { key }),
    };
    this.hands = new RaisedHands(signals);
    this.reactions = new Reactions(signals);
    this.recording = new Recorder({ ...signals, room: () => this.#room, streams: () => this.#recordableStreams() });
    const prepared = options.preparedRoom;
    if (prepared) {
      this.#options = { ...options, preparedRoom: null }; // once: "Try again" joins afresh
      // Adopted here, not in start(): the call screen's first render already has the tiles, their videos attached
      // during the mount, instead of one render (and a frame of the remote video) later.
      if (prepared.state === 'connected') this.#adopted = this.#adoptRoom(prepared);
      else void prepared.leave().catch(() => undefined);
    }
  }

  /** Every stream with media in the room now: our camera and screen share, and everyone else's. */
  #recordableStreams(): StreamId[] {
    const ids = [this.#publication?.streamId, this.share.publication?.streamId, ...this.#tiles.keys()];
    return ids.filter((id): id is StreamId => id !== undefined && id !== null);
  }

  /** Our camera publication for hands and reactions, while there is one. */
  #ownStream(): OwnStream | null {
    const room = this.#room;
    const publication = this.#publication;
    if (!room || !publication) return null;
    return {
      attributes: publication.attributes,
      setAttributes: (attributes) => room.setAttributes(publication, attributes),
      sendData: (message) => room.sendData(publication, message),
    };
  }

  /** Peer connections the room holds open now (the kiosk reports them; none before the join). */
  get livePeerConnections(): number {
    return this.#room?.livePeerConnections ?? 0;
  }

  /** The screen the user shares, while they share one. */
  get screenStream(): MediaStream | null {
    return this.share.stream;
  }

  // ------------------------------------------------------------------------------------------------ derived views

  get localTile(): Tile {
    const readQuality = () => this.localQuality;
    return {
      key: LOCAL_KEY,
      streamId: this.#publication?.streamId ?? null,
      name: this.displayName,
      local: true,
      screen: false,
      hasAudio: true,
      hasVideo: this.media.cameraOn,
      audioMuted: !this.media.microphoneOn,
      videoMuted: !this.media.cameraOn,
      mediaStream: this.#selfView(this.media.selfViewTrack),
      // A getter, so the 1 Hz quality samples re-render only the quality indicator: reading localQuality here
      // would rebuild this tile, and with it the tile list, the layout fit and the self view, every second.
      get quality() {
        return readQuality();
      },
      size: null,
    };
  }

  get localScreenTile(): Tile | null {
    if (!this.screenStream) return null;
    return {
      key: LOCAL_SCREEN_KEY,
      streamId: this.share.publication?.streamId ?? null,
      name: this.displayName,
      local: true,
      screen: true,
      hasAudio: false,
      hasVideo: true,
      audioMuted: false,
      videoMuted: false,
      mediaStream: this.screenStream,
      quality: null,
      size: null,
    };
  }

  /**
   * The tile on the stage: pinned, else the newest screen share of someone else, else the active speaker, else someone
   * else. The presenter's own share never takes their stage: it would show their screen inside itself.
   */
  stagedKey(tiles: readonly Tile[]): string | null {
    if (this.pinned && tiles.some((tile) => tile.key === this.pinned)) return this.pinned;
    const screen = [...tiles].reverse().find((tile) => tile.screen && !tile.local);
    if (screen) return screen.key;
    if (this.speaker && tiles.some((tile) => tile.key === this.speaker)) return this.speaker;
    return tiles.find((tile) => !tile.local)?.key ?? tiles[0]?.key ?? null;
  }

  get pageCount(): number {
    return Math.max(1, Math.ceil(this.remotes.length / this.pageSize));
  }

  /** The remote tiles of the current page: only these are rendered and get media. */
  get pageRemotes(): Tile[] {
    const page = Math.min(this.page, this.pageCount - 1);
    return this.remotes.slice(page * this.pageSize, (page + 1) * this.pageSize);
  }

  /** The grid's room changed (window resized): pages hold `size` remote tiles, the first of this page stays on it. */
  setPageSize(size: number): void {
    if (size === this.pageSize) return;
    const first = Math.min(this.page, this.pageCount - 1) * this.pageSize;
    this.pageSize = size;
    this.page = Math.min(Math.floor(first / size), this.pageCount - 1);
    this.#planSubscriptionsSoon();
  }

  showPage(page: number): void {
    this.page = Math.max(0, Math.min(page, this.pageCount - 1));
    this.#planSubscriptionsSoon();
  }

  // ------------------------------------------------------------------------------------------------ join / leave

  async start(): Promise<void> {
    performance.mark('licode:call-start');
    // The call screen's tiles took the cameras pre-join played for them; the others stop (warm-videos.ts).
    releaseWarmVideos();
    const adopted = this.#adopted;
    this.#adopted = null;
    if (!adopted) {
      this.phase = 'connecting';
      this.failure = null;
    }
    const room = adopted ?? (await this.#joinRoom());
    if (!room) return;
    this.phase = 'connected';
    this.#options.announce(t('meeting.announce.joined', { count: othersIn(room) }));
    try {
      const publication = await room.publish(this.media.publishStream, {
        attributes: { name: this.displayName },
        simulcast: CAMERA_SIMULCAST,
        // Others see the state from our first appearance instead of a muted-after-the-fact flicker.
        muted: { audio: !this.media.microphoneOn, video: !this.media.cameraOn },
      });
      if (this.#left()) return;
      this.#adoptPublication(room, publication);
    } catch (error) {
      if (this.#left()) return;
      // Retries used up: the library keeps the publication (a rejoin republishes it) and the notice says why.
      const parked = parkedPublication(error);
      if (parked) this.#adoptPublication(room, parked);
      else if (!(error instanceof LicodeError && hasStage(error))) {
        this.notice = { key: 'meeting.notice.publishFailed', params: { details: error instanceof Error ? error.message : String(error) } };
      }
    }
    // Licode v7–v8 look like v4–v6 until a publish is acknowledged (docs/licode-protocol.md §1.4): remember what it showed.
    const shown = generationToRemember(planGeneration(this.#options.generation, this.#knownGeneration), room.generation);
    if (shown) {
      this.#knownGeneration = shown;
      this.#options.rememberGeneration?.(shown);
    }
    await this.media.start();
    // Devices opened by start() (the camera was still starting at Join) go live now.
    if (this.#publication && !this.#left()) {
      await room.mute(this.#publication, { audio: !this.media.microphoneOn, video: !this.media.cameraOn }).catch((error: unknown) => this.#warn(error));
    }
    this.#stopMicrophoneWatch?.(); // "Try again" after a lost call starts again
    this.#stopMicrophoneWatch = $effect.root(() => {
      $effect(() => {
        const muted = !this.media.microphoneOn;
        untrack(() => this.#onMicrophoneState(muted));
      });
      $effect(() => {
        const onVisibility = () => this.#mutedSpeech.setVisible(!document.hidden);
        onVisibility();
        document.addEventListener('visibilitychange', onVisibility);
        return () => document.removeEventListener('visibilitychange', onVisibility);
      });
    });
  }

  /**
   * Joins with the profile's generation; a remembered one replaces the probe. When a join with it fails, once more
   * with detection and a fresh token (remembered-generation.ts). Returns the joined room, or null after #fail.
   */
  async #joinRoom(): Promise<Room | null> {
    let plan = planGeneration(this.#options.generation, this.#knownGeneration);
    try {
      try {
        return await this.#openRoom(plan);
      } catch (error) {
        if (!shouldRedetect(plan, error) || this.#left()) throw error;
        console.info('Joining with the remembered Licode generation failed; detecting it again.', error);
        this.#knownGeneration = null;
        plan = planGeneration(this.#options.generation, null);
        await this.#teardownRoom();
        this.#options = { ...this.#options, token: await this.#options.freshToken() };
        if (this.#left()) return null;
        return await this.#openRoom(plan);
      }
    } catch (error) {
      this.#fail(error);
      return null;
    }
  }

  async #openRoom(plan: GenerationPlan): Promise<Room> {
    const room = new Room({
      ...plan,
      allowSelfSigned: this.#options.allowSelfSigned,
      tokenProvider: this.#options.freshToken,
      unboundedReconnect: this.#options.unboundedReconnect ?? false,
    });
    this.#room = room;
    this.#wire(room);
    await room.join(this.#options.token);
    const remember = generationToRemember(plan, room.generation);
    if (remember) {
      this.#knownGeneration = remember;
      this.#options.rememberGeneration?.(remember);
    }
    // The streams found at join came as stream-added events during join() and are being turned into tiles.
    return room;
  }

  /**
   * A room joined before the call began (at construction): its streams so far become tiles at once, as if they had
   * come with the join, and the session is connected.
   */
  #adoptRoom(room: Room): Room {
    this.#room = room;
    this.#wire(room);
    for (const stream of room.remoteStreams.values()) this.#queueAdd(stream, false);
    clearTimeout(this.#addTimer);
    this.#addPending(); // the first batch now, not a task later
    this.phase = 'connected';
    return room;
  }

  /** "Try again" after a failed join: a new Room with a fresh token. */
  async retry(): Promise<void> {
    await this.#teardownRoom();
    try {
      this.#options = { ...this.#options, token: await this.#options.freshToken() };
    } catch (error) {
      this.#fail(error);
      return;
    }
    await this.start();
  }

  async leave(): Promise<void> {
    this.phase = 'left';
    this.#stopMicrophoneWatch?.();
    this.#stopMicrophoneWatch = null;
    this.#mutedSpeech.dispose();
    clearTimeout(this.#fitTimer);
    // Our recordings end with us: Licode would go on recording the others with nobody shown as recording.
    if (this.recording.mine) await Promise.race([this.recording.stop(), new Promise((resolve) => setTimeout(resolve, STOP_RECORDING_ON_LEAVE_MS))]);
    // Media and peer connections go at once; only telling the server (acknowledged, up to 1.5 s) is awaited.
    const teardown = this.#teardownRoom();
    this.#stopPicker();
    void this.picker.cancel();
    this.media.dispose();
    await teardown;
  }

  async #teardownRoom(): Promise<void> {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#presence.dispose();
    this.#named.clear();
    this.#present.clear();
    this.hands.clear();
    this.reactions.clear();
    this.recording.clear();
    this.#tiles.clear();
    this.#dataOnly.clear();
    this.#pendingAdds = [];
    clearTimeout(this.#addTimer);
    this.#addTimer = undefined;
    clearTimeout(this.#planTimer);
    this.#subscriptions?.dispose();
    this.#subscriptions = null;
    this.health.dispose();
    this.reconnect.dispose();
    this.streamLimit = null;
    const room = this.#room;
    this.#room = null;
    this.#publication = null;
    // The room is gone, so is the share's publication: its capture stops too (a rejoin does not share again unasked).
    void this.share.stop('left');
    this.remotes = [];
    await room?.leave().catch((error: unknown) => console.warn('Leaving the room failed', error));
  }

  /** A method, not a comparison: `phase` changes while we await, which TypeScript's narrowing cannot see. */
  #left(): boolean {
    return this.phase === 'left';
  }

  #fail(error: unknown): void {
    if (this.phase === 'left') return;
    this.failure = error instanceof LicodeError ? error : new LicodeError('connection-lost', error instanceof Error ? error.message : String(error));
    this.phase = 'failed';
  }

  // ------------------------------------------------------------------------------------------------ controls

  async setMicrophone(on: boolean): Promise<void> {
    if (on && !(await this.media.ensureMicrophone())) {
      this.notice = { key: 'meeting.notice.noMicrophone' };
      return;
    }
    this.media.microphoneOn = on;
    if (this.#room && this.#publication) await this.#room.mute(this.#publication, { audio: !on }).catch((error: unknown) => this.#warn(error));
    if (!this.pushToTalk) this.#options.announce(t(on ? 'meeting.announce.unmuted' : 'meeting.announce.muted'));
  }

  async setCamera(on: boolean): Promise<void> {
    const room = this.#room;
    const publication = this.#publication;
    if (on) {
      if (!(await this.media.setCamera(true))) {
        this.notice = { key: 'meeting.notice.noCamera' };
        return;
      }
      if (room && publication) await room.mute(publication, { video: false }).catch((error: unknown) => this.#warn(error));
    } else {
      if (room && publication) await room.mute(publication, { video: true }).catch((error: unknown) => this.#warn(error));
      await this.media.setCamera(false);
    }
    this.#options.announce(t(on ? 'meeting.announce.cameraOn' : 'meeting.announce.cameraOff'));
  }

  /** Hold-space push-to-talk: opens the microphone while held, only when it was muted. */
  async holdToTalk(down: boolean): Promise<void> {
    if (down && !this.media.microphoneOn && !this.pushToTalk) {
      this.pushToTalk = true;
      await this.setMicrophone(true);
      if (!this.media.microphoneOn) this.pushToTalk = false;
    } else if (!down && this.pushToTalk) {
      await this.setMicrophone(false);
      this.pushToTalk = false;
    }
  }

  async toggleScreenShare(): Promise<void> {
    if (this.share.active) await this.share.stop('user');
    else if (this.phase === 'connected') await this.share.start();
  }

  #onShareEvent(event: ShareEvent): void {
    const announce = (key: MessageKey) => this.#options.announce(t(key));
    switch (event.kind) {
      case 'started':
        if (this.share.publication?.streamId != null) this.recording.streamAdded(this.share.publication.streamId);
        return announce('meeting.announce.sharing');
      case 'switched':
        return announce('share.announce.switched');
      case 'paused':
        return announce('share.announce.paused');
      case 'resumed':
        return announce('share.announce.resumed');
      case 'failed':
        this.notice = { key: 'meeting.notice.shareFailed', params: { details: event.details } };
        return;
      case 'stopped':
        if (this.pinned === LOCAL_SCREEN_KEY) this.pinned = null;
        if (event.reason === 'user') announce('meeting.announce.sharingStopped');
        // The notice is an alert: screen readers hear it without a second announcement.
        if (event.reason === 'source-ended') this.notice = { key: 'share.notice.sourceEnded' };
        return;
    }
  }

  async sendChat(text: string): Promise<boolean> {
    const clipped = ChatLog.clip(text);
    if (!clipped) return false;
    const room = this.#room;
    const publication = this.#publication;
    if (!room || !publication) {
      this.notice = { key: 'meeting.notice.chatUnavailable' };
      return false;
    }
    const id = crypto.randomUUID();
    try {
      await room.sendData(publication, { type: 'chat', id, text: clipped });
    } catch (error) {
      this.notice = { key: 'meeting.notice.chatFailed', params: { details: error instanceof Error ? error.message : String(error) } };
      return false;
    }
    this.chat.add({ id, from: LOCAL_KEY, mine: true, text: clipped, at: new Date() });
    return true;
  }

  /** Pinning puts the tile on the stage; unpinning goes back to the layout shown before the pin (usually the grid). */
  pin(key: string | null): void {
    if (key && !this.pinned) this.#layoutBeforePin = this.layout;
    this.pinned = key;
    this.layout = key ? 'stage' : this.#layoutBeforePin;
  }

  setLayout(layout: 'grid' | 'stage'): void {
    this.#userChoseLayout = true;
    this.layout = layout;
    if (layout === 'grid') this.pinned = null;
  }

  /**
   * Adaptive subscriptions: once the layout settles, each remote video asks the server for what its tile can show
   * (Licode's `updatestream` video caps; the server forwards the simulcast layer that fits), so decoding stays nearly
   * flat as the room grows. The view calls this whenever the layout, the staged tile or the tile count changes.
   */
  fitSubscriptions(facts: LayoutFacts): void {
    this.#layoutFacts = facts;
    this.#planSubscriptionsSoon(); // the staged tile may have changed
    clearTimeout(this.#fitTimer);
    this.#fitTimer = setTimeout(() => void this.#applyFit(), FIT_SETTLE_MS);
  }

  async #applyFit(): Promise<void> {
    const room = this.#room;
    const facts = this.#layoutFacts;
    if (!room || !facts || this.phase !== 'connected') return;
    for (const tile of this.remotes) {
      // Not subscribed yet: #subscribe fits it when its media arrives.
      if (tile.streamId === null || !tile.hasVideo || !tile.mediaStream) continue;
      if (this.#subscriptions?.modeOf(tile.streamId) !== 'media') continue; // heard off the page: no video to cap
      const size = tileSize(tile.key, facts);
      if (size === tile.size) continue;
      const previous = tile.size;
      tile.size = size;
      try {
        await room.updateSubscription(tile.streamId, { maxResolution: CAPS[size] ?? null });
      } catch (error) {
        if (this.#tile(tile.streamId) === tile) tile.size = previous; // the next layout change tries again
        this.#warn(error);
      }
    }
  }

  openPanel(panel: SidePanel): void {
    this.panel = this.panel === panel ? null : panel;
    this.chat.show(this.panel === 'chat');
  }

  // ------------------------------------------------------------------------------------------------ room events

  #wire(room: Room): void {
    this.#unsubscribe = [
      // Streams found at join are not announced one by one: "N others are here" says it.
      room.on('stream-added', (stream) => {
        this.recording.streamAdded(stream.id); // recorded too while we record
        this.#queueAdd(stream, this.phase !== 'connecting');
      }),
      room.on('stream-limit', ({ limit }) => {
        if (this.streamLimit === null) this.#options.announce(t('meeting.notice.tooManyStreams', { limit }));
        this.streamLimit = limit;
      }),
      room.on('stream-removed', (stream) => this.#removeRemote(stream)),
      room.on('stream-attributes', ({ stream }) => this.#updateRemote(stream)),
      room.on('stream-media', ({ stream, mediaStream }) => {
        const tile = this.#tile(stream.id);
        if (tile) tile.mediaStream = mediaStream;
      }),
      room.on('data', ({ streamId, stream, message }) => this.#onData(streamId, stream, message)),
      room.on('connection-state', ({ state, reason }) => {
        if (reason) console.info(`Licode room ${state}: ${reason}`);
        if (state === 'recovering') this.recording.sessionLost(); // the server ended our recordings with our session
        this.#onConnectionState(state);
      }),
      room.on('quality', (quality) => this.#onQuality(quality)),
      room.on('reconnect-attempt', () => this.reconnect.attempted()),
      room.on('publication-state', (event) => this.#onPublicationState(room, event)),
      room.on('error', (error) => {
        console.warn('Licode room error', error);
        // Our own publication's failures are told by #onPublicationState, with what went wrong.
        if (error.code === 'media-failed' && !hasStage(error)) this.notice = { key: 'meeting.notice.mediaFailed' };
        this.#onSubscriptionLost(error);
      }),
    ];
  }

  /** The camera publication from now on: mute, camera switches and chat use it (also while it is being retried). */
  #adoptPublication(room: Room, publication: Publication): void {
    if (this.#publication === publication) return;
    this.#publication = publication;
    this.media.attach({ replaceTrack: (track) => room.replaceTrack(publication, track) });
  }

  /** The camera publication failed, is retried or is ready again: a notice that says which, gone once it is ready. */
  #onPublicationState(room: Room, event: PublicationStateEvent): void {
    if (event.publication.mediaStream !== this.media.publishStream || this.#left()) return;
    const outcome = publishNotice(event, t);
    if (outcome === 'keep') return;
    if (outcome === 'clear') {
      if (this.notice === this.#publishNotice) this.notice = null;
      this.#publishNotice = null;
      this.#adoptPublication(room, event.publication); // ready after a rejoin although the first publish gave up
      return;
    }
    this.notice = outcome.show;
    this.#publishNotice = this.notice; // the $state proxy, so the identity check above can match it
  }

  #tile(id: StreamId): Tile | undefined {
    return this.#tiles.get(id);
  }

  /** Streams are turned into tiles in batches: a flood of thousands must not be handled in one task. */
  #queueAdd(stream: RemoteStream, announce: boolean): void {
    this.#pendingAdds.push({ stream, announce });
    this.#addTimer ??= setTimeout(() => this.#addPending(), 0);
  }

  #addPending(): void {
    this.#addTimer = undefined;
    const room = this.#room;
    if (!room) return;
    const added: Tile[] = [];
    for (const { stream, announce } of this.#pendingAdds.splice(0, ADD_BATCH)) {
      if (room.remoteStreams.get(stream.id) !== stream) continue; // removed again meanwhile
      if (this.#tiles.has(stream.id) || this.#dataOnly.has(stream.id)) this.#updateRemote(stream);
      else if (!stream.audio && !stream.video) this.#dataOnly.set(stream.id, stream);
      else added.push(this.#newTile(stream, announce));
    }
    if (added.length > 0) {
      const first = this.remotes.length;
      this.remotes.push(...added);
      // Keep the reactive proxies: changing a tile through them updates the view.
      for (const tile of this.remotes.slice(first)) this.#tiles.set(tile.streamId!, tile);
      // Screen shares go on the stage by themselves (unless the user pinned someone or chose the grid for it).
      if (added.some((tile) => tile.screen) && !this.pinned && !this.#userChoseLayout) this.layout = 'stage';
    }
    if (this.#pendingAdds.length > 0) this.#addTimer = setTimeout(() => this.#addPending(), 0);
    this.#planSubscriptionsSoon();
  }

  #newTile(stream: RemoteStream, announce: boolean): Tile {
    const tile: Tile = {
      key: remoteKey(stream.id),
      streamId: stream.id,
      name: nameOf(stream),
      local: false,
      screen: stream.screen,
      hasAudio: stream.audio,
      hasVideo: stream.video,
      audioMuted: stream.muted.audio,
      videoMuted: stream.muted.video,
      mediaStream: stream.mediaStream,
      quality: null,
      size: null,
    };
    if (participantName(stream).kind === 'named') this.#named.add(tile.key);
    if (!tile.screen) this.hands.seen(tile.key, stream.attributes, tile.name, announce);
    if (!tile.screen) this.recording.seen(tile.key, stream.attributes, tile.name, announce);
    const presence = this.#presenceOf(tile);
    this.#presence.added(presence, this.#present, announce);
    this.#present.add(presence);
    return tile;
  }

  #planSubscriptionsSoon(): void {
    this.#planTimer ??= setTimeout(() => {
      this.#planTimer = undefined;
      this.#planSubscriptions();
    }, 0);
  }

  /**
   * What to subscribe to, most wanted first: media for the staged tile and the tiles of the current page; audio only,
   * then data only (chat, attributes) for a bounded number of others; nothing for the rest. The scheduler queues the
   * requests.
   */
  #planSubscriptions(): void {
    const room = this.#room;
    if (!room || this.#left()) return;
    this.#subscriptions ??= new SubscriptionScheduler(
      {
        subscribe: (id, mode) => this.#subscribe(room, id, mode),
        unsubscribe: (id) => this.#stopSubscription(room, id),
      },
      (error) => this.#warn(error),
    );
    const wanted = new Map<StreamId, SubscriptionMode>();
    const staged = this.#layoutFacts?.stagedKey;
    const stagedTile = staged ? this.remotes.find((tile) => tile.key === staged) : undefined;
    if (stagedTile?.streamId != null) wanted.set(stagedTile.streamId, 'media');
    for (const tile of this.pageRemotes) if (tile.streamId !== null) wanted.set(tile.streamId, 'media');
    let audio = 0;
    let data = 0;
    for (const tile of this.remotes) {
      if (data >= OFF_PAGE_DATA_SUBSCRIPTIONS) break;
      if (tile.streamId === null || wanted.has(tile.streamId)) continue;
      if (tile.hasAudio && audio < OFF_PAGE_AUDIO_SUBSCRIPTIONS) {
        wanted.set(tile.streamId, 'audio');
        audio++;
      } else {
        wanted.set(tile.streamId, 'data');
        data++;
      }
    }
    let dataOnly = 0;
    for (const id of this.#dataOnly.keys()) {
      if (dataOnly++ >= DATA_ONLY_SUBSCRIPTIONS) break;
      wanted.set(id, 'data');
    }
    this.#subscriptions.want(wanted);
  }

  async #subscribe(room: Room, id: StreamId, mode: SubscriptionMode): Promise<void> {
    if (mode === 'data') {
      await room.subscribe(id, { audio: false, video: false });
      return;
    }
    const tile = this.#tile(id);
    if (!tile) return;
    if (mode === 'audio') {
      const media = await room.subscribe(id, { video: false });
      const live = this.#tile(id);
      if (live && media) live.mediaStream = media; // not on screen: only its <audio> plays it
      return;
    }
    // Adaptive subscriptions: subscribe with the cap of the tile this stream has now; fitSubscriptions follows the
    // layout from then on.
    const size = tileSize(tile.key, this.#layoutFacts ?? { layout: this.layout, tileCount: this.pageRemotes.length + 1, stagedKey: null });
    tile.size = size;
    const cap = CAPS[size];
    let media: MediaStream | null;
    try {
      media = await room.subscribe(id, cap ? { maxResolution: cap } : {});
    } catch (error) {
      // Still wanted on screen: the tile says its video is unavailable and it is retried with back-off. Otherwise
      // (cancelled, gone) the scheduler handles it.
      if (this.#subscriptions?.modeOf(id) !== 'media' || !this.#tile(id)) throw error;
      this.#warn(error);
      this.health.failed(id);
      return;
    }
    this.health.ready(id);
    const live = this.#tile(id);
    if (live && media) {
      live.mediaStream = media;
      if (this.#layoutFacts) this.fitSubscriptions(this.#layoutFacts); // the layout may have moved on meanwhile
    }
  }

  /** Off the page (or gone from the plan): the media stops, its tile shows the participant's initial again. */
  async #stopSubscription(room: Room, id: StreamId): Promise<void> {
    this.health.forget(id);
    await room.unsubscribe(id);
    const tile = this.#tile(id);
    if (tile) {
      tile.mediaStream = null;
      tile.size = null;
      tile.quality = null;
    }
  }

  #updateRemote(stream: RemoteStream): void {
    const tile = this.#tile(stream.id);
    if (!tile) return;
    const wasMuted = tile.audioMuted;
    this.#present.remove(this.#presenceOf(tile));
    tile.name = nameOf(stream);
    if (participantName(stream).kind === 'named') this.#named.add(tile.key);
    else this.#named.delete(tile.key);
    this.#present.add(this.#presenceOf(tile));
    tile.audioMuted = stream.muted.audio;
    tile.videoMuted = stream.muted.video;
    tile.hasAudio = stream.audio;
    tile.hasVideo = stream.video;
    if (!tile.screen) this.hands.seen(tile.key, stream.attributes, tile.name, true);
    if (!tile.screen) this.recording.seen(tile.key, stream.attributes, tile.name, true);
    if (!tile.screen && wasMuted !== tile.audioMuted) {
      this.#options.announce(t(tile.audioMuted ? 'meeting.announce.otherMuted' : 'meeting.announce.otherUnmuted', { name: tile.name }));
    }
  }

  #removeRemote(stream: RemoteStream): void {
    this.#subscriptions?.forget(stream.id);
    this.health.forget(stream.id);
    this.recording.streamRemoved(stream.id);
    if (this.#dataOnly.delete(stream.id)) {
      this.#planSubscriptionsSoon(); // another data-only stream may take its place
      return;
    }
    const tile = this.#tile(stream.id);
    if (!tile) return;
    this.#tiles.delete(stream.id);
    this.remotes = this.remotes.filter((r) => r !== tile);
    this.#levels.delete(tile.key);
    this.hands.remove(tile.key);
    this.reactions.remove(tile.key);
    this.recording.remove(tile.key);
    if (this.pinned === tile.key) this.pinned = null;
    if (tile.screen && !this.remotes.some((r) => r.screen) && !this.pinned && !this.#userChoseLayout) this.layout = 'grid';
    const departed = this.#presenceOf(tile);
    this.#named.delete(tile.key);
    this.#present.remove(departed);
    this.#presence.removed(departed, this.#present);
    if (this.page >= this.pageCount) this.page = this.pageCount - 1;
    this.#planSubscriptionsSoon(); // the page may have room for another tile now
  }

  /** A video on screen whose repair the library gave up: unavailable, and retried like one that never arrived. */
  #onSubscriptionLost(error: LicodeError): void {
    const id = (error.detail as { streamId?: unknown } | undefined)?.streamId;
    if (error.code !== 'media-failed' || typeof id !== 'number' || !this.#tile(id)) return;
    if (this.#subscriptions?.modeOf(id) === 'media') this.health.failed(id);
  }

  /**
   * The back-off of an unavailable video is over (or "Retry now"): subscribe again. A subscription the library gave
   * up on is still held by it, so it is dropped first; the scheduler then subscribes as for a new tile.
   */
  async #resubscribe(id: StreamId): Promise<void> {
    const room = this.#room;
    if (!room) return;
    await room.unsubscribe(id).catch((error: unknown) => this.#warn(error));
    if (this.#room !== room || !this.#tile(id)) return;
    this.#subscriptions?.forget(id);
    this.#planSubscriptionsSoon();
  }

  #presenceOf(tile: Tile): PresenceStream {
    return { name: tile.name, screen: tile.screen, named: this.#named.has(tile.key) };
  }

  #onData(streamId: StreamId, stream: RemoteStream | undefined, message: unknown): void {
    const tile = this.#tile(streamId);
    if (tile && this.reactions.receive(tile.key, message, tile.name)) return;
    const chat = readChatMessage(message);
    if (!chat) return;
    // The sender is who owns the stream, never what the message claims.
    const from = nameOf(stream ?? { id: streamId, attributes: {} });
    const added = this.chat.add({ id: chat.id, from, mine: false, text: chat.text, at: new Date() });
    if (added && !this.chat.visible) this.#options.announce(t('meeting.chat.newFrom', { name: from }));
    if (added) reportCallEvent(this.#options.host, { kind: 'chat', from, text: chat.text });
  }

  #onConnectionState(state: RoomConnectionState): void {
    if (this.phase === 'left' || this.phase === 'failed') return;
    if (state === 'reconnecting' || state === 'recovering') {
      if (this.phase !== 'reconnecting') this.#options.announce(t('meeting.reconnecting'));
      this.phase = 'reconnecting';
      this.reconnect.lost();
    } else if (state === 'connected' && this.phase === 'reconnecting') {
      this.phase = 'connected';
      this.reconnect.restored();
      this.#options.announce(t('meeting.reconnected'));
    } else if (state === 'failed' && this.phase !== 'connecting') {
      this.#fail(new LicodeError('connection-lost', t('meeting.error.lostDetails')));
    }
  }

  #onQuality(quality: StreamQuality): void {
    if (quality.direction === 'publish') {
      if (quality.streamId !== this.#publication?.streamId) return;
      this.localQuality = quality;
      // Our own level comes from the same 1 Hz stats as everyone else's (the microphone's media-source
      // audioLevel), on the same scale, instead of a meter polled ten times a second.
      this.#setLevel(LOCAL_KEY, this.media.microphoneOn ? quality.audioLevel : undefined);
      return;
    }
    const tile = this.#tile(quality.streamId);
    if (!tile) return;
    this.health.sample(quality.streamId, quality.bitrateKbps);
    tile.quality = quality;
    this.#setLevel(tile.key, tile.audioMuted ? undefined : quality.audioLevel);
  }

  #setLevel(key: string, level: number | undefined): void {
    if (level === undefined) this.#levels.delete(key);
    else this.#levels.set(key, level);
    this.speaker = this.#activeSpeaker.update(this.#levels, Date.now());
  }

  #onMicrophoneState(muted: boolean): void {
    this.#mutedSpeech.setMuted(muted);
    if (muted) this.#setLevel(LOCAL_KEY, undefined); // no highlight for a muted microphone, not even for a second
  }

  #selfView(track: MediaStreamTrack | null): MediaStream | null {
    if (!track) return null;
    if (this.#selfViewCache?.track !== track) this.#selfViewCache = { track, stream: new MediaStream([track]) };
    return this.#selfViewCache.stream;
  }

  #warn(error: unknown): void {
    console.warn('Call operation failed', error);
  }
}
