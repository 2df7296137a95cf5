import { randomUUID } from 'node:crypto';
import type { SyntheticPublisher } from '../bots/index';
import type { MediaConnection, MediaPlane, SdpStyle } from '../media/types';
import { newStreamRecord, publicStream, type LiveRoom, type Participant, type RoomRegistry } from './room-registry';
import type { StreamIdGenerator } from './stream-ids';

interface Bot {
  publisher: SyntheticPublisher | undefined;
  participant: Participant;
  room: LiveRoom;
  roomName: string;
  name: string;
  screen: boolean;
}

/** A bot's screen share: a larger, slower picture than its camera, flagged and named as the app's shares are. */
const SCREEN_SHARE = { width: 640, height: 360, fps: 5 };

/** Attempts to bring a lost bot back (each after REPUBLISH_DELAYS_MS[i]); then it stays gone, logged. */
const REPUBLISH_DELAYS_MS = [500, 2_000, 5_000, 10_000];

/**
 * Synthetic participants: each joins a room as a participant that never reads (its `send` drops everything) and
 * publishes a moving test pattern and a tone through the media plane. Other clients see it as any publication:
 * listed in joins, `onAddStream` once its media flows.
 *
 * A bot whose publication dies on its own (its connection failed: under heavy load the plane's ICE consent to the
 * bot expired) behaves like a Licode client that republishes: the dead stream is removed from the room as an ErizoJS
 * loss would be (`onRemoveStream`, subscribers' connections cleaned up) and the bot publishes again under a new
 * stream id with the same name. Before, such a bot stayed listed with no media behind it until a server restart.
 */
export class BotParticipants {
  private readonly bots = new Map<number, Bot>();
  private count = 0;
  private closing = false;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly media: MediaPlane,
    private readonly ids: StreamIdGenerator,
    /** Dialect C lists the label in public streams; A (v4/v5) does not. */
    private readonly withLabel: boolean,
    /** The dialect's codec generation: dialect-A subscribers negotiate PCMU, C ones Opus (the plane does not transcode). */
    private readonly style: SdpStyle = 'c',
    /** Remove a stream from its room through the controller (subscribers dropped, `onRemoveStream` sent). */
    private readonly removeFromRoom: (streamId: number) => Promise<boolean> = async () => false,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** With `screen`, the bot publishes a screen share (`screen: true`, attributes `{name, screen: true}`) instead of a camera. */
  async add(roomName: string, name?: string, options: { screen?: boolean } = {}): Promise<number> {
    const screen = options.screen ?? false;
    this.count += 1;
    const botName = name ?? `Bot ${this.count}`;
    const room = this.rooms.joinRoom(this.rooms.getOrCreateBasicRoom(roomName, undefined, undefined));
    const participant: Participant = {
      clientId: `bot-${randomUUID()}`,
      user: { name: botName.toLowerCase(), role: 'presenter', permissions: {} },
      send: () => undefined,
    };
    room.participants.set(participant.clientId, participant);
    const streamId = this.ids.next();
    const label = randomUUID();
    const stream = newStreamRecord(streamId, participant.clientId, 'erizo', {
      audio: true,
      video: true,
      data: true,
      screen,
      label,
      attributes: screen ? { name: botName, screen: true } : { name: botName },
    });
    room.streams.set(streamId, stream);
    const entry: Bot = { publisher: undefined, participant, room, roomName, name: botName, screen };
    this.bots.set(streamId, entry);
    try {
      // Loaded on demand: it brings in @roamhq/wrtc's native addon, which servers without bots never need.
      const { startSyntheticPublisher } = await import('../bots/index');
      entry.publisher = await startSyntheticPublisher(this.media, { streamId, label, name: botName, style: this.style, ...(screen ? SCREEN_SHARE : {}) });
    } catch (err) {
      room.streams.delete(streamId);
      room.participants.delete(participant.clientId);
      this.bots.delete(streamId);
      throw err;
    }
    stream.markReady();
    room.broadcast('onAddStream', publicStream(stream, this.withLabel));
    entry.publisher.onLost((reason) => void this.republish(streamId, reason));
    return streamId;
  }

  isBot(streamId: number): boolean {
    return this.bots.has(streamId);
  }

  /** The media connection of a bot's publication (fault injection in tests). */
  mediaOf(streamId: number): MediaConnection | undefined {
    return this.bots.get(streamId)?.publisher?.connection;
  }

  /** Stop a bot's media after its publication was removed. */
  async stop(streamId: number): Promise<void> {
    const bot = this.bots.get(streamId);
    if (!bot) return;
    this.bots.delete(streamId);
    bot.room.participants.delete(bot.participant.clientId);
    this.rooms.leaveIfEmpty(bot.room);
    await bot.publisher?.close();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.bots.keys()].map((id) => this.stop(id)));
  }

  /** A bot's publication died: take the dead stream out of the room and publish the bot again. */
  private async republish(streamId: number, reason: string): Promise<void> {
    const bot = this.bots.get(streamId);
    if (!bot || this.closing) return;
    this.log(`[bots] ${bot.name} (${streamId}) lost its media: ${reason}; publishing it again`);
    await this.removeFromRoom(streamId).catch(() => false);
    await this.stop(streamId);
    for (const delay of REPUBLISH_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (this.closing) return;
      try {
        const id = await this.add(bot.roomName, bot.name, { screen: bot.screen });
        this.count -= 1; // the same bot again, not a new one: later default names keep their numbers
        this.log(`[bots] ${bot.name} publishes again as ${id}`);
        return;
      } catch (err) {
        this.log(`[bots] ${bot.name} could not publish again: ${String(err)}`);
      }
    }
  }
}
