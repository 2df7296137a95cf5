import { randomUUID } from 'node:crypto';
import type { SyntheticPublisher } from '../bots/index';
import type { MediaPlane, SdpStyle } from '../media/types';
import { newStreamRecord, publicStream, type LiveRoom, type Participant, type RoomRegistry } from './room-registry';
import type { StreamIdGenerator } from './stream-ids';

/**
 * Synthetic participants: each joins a room as a participant that never reads (its `send` drops everything) and
 * publishes a moving test pattern and a tone through the media plane. Other clients see it as any publication:
 * listed in joins, `onAddStream` once its media flows.
 */
export class BotParticipants {
  private readonly bots = new Map<number, { publisher: SyntheticPublisher | undefined; participant: Participant; room: LiveRoom }>();
  private count = 0;

  constructor(
    private readonly rooms: RoomRegistry,
    private readonly media: MediaPlane,
    private readonly ids: StreamIdGenerator,
    /** Dialect C lists the label in public streams; A (v4/v5) does not. */
    private readonly withLabel: boolean,
    /** The room's codec generation: A v4 subscribers negotiate PCMU, A v5/v6 and C ones Opus (the plane does not transcode). */
    private readonly style: SdpStyle = 'c',
  ) {}

  async add(roomName: string, name?: string): Promise<number> {
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
      screen: false,
      label,
      attributes: { name: botName },
    });
    room.streams.set(streamId, stream);
    const entry: { publisher: SyntheticPublisher | undefined; participant: Participant; room: LiveRoom } = { publisher: undefined, participant, room };
    this.bots.set(streamId, entry);
    try {
      // Loaded on demand: it brings in @roamhq/wrtc's native addon, which servers without bots never need.
      const { startSyntheticPublisher } = await import('../bots/index');
      entry.publisher = await startSyntheticPublisher(this.media, { streamId, label, name: botName, style: this.style });
    } catch (err) {
      room.streams.delete(streamId);
      room.participants.delete(participant.clientId);
      this.bots.delete(streamId);
      throw err;
    }
    stream.markReady();
    room.broadcast('onAddStream', publicStream(stream, this.withLabel));
    return streamId;
  }

  isBot(streamId: number): boolean {
    return this.bots.has(streamId);
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
    await Promise.all([...this.bots.keys()].map((id) => this.stop(id)));
  }
}
