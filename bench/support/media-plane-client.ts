import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement, PlaneEvent, PlaneMessage, PlaneRequest } from './media-plane-protocol';

/** The benchmark's handle on the media plane child process. */
export class MediaPlaneProcess {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: { sdp?: string; measurement?: Measurement }) => void; reject: (error: Error) => void }>();
  private readonly listeners = new Set<(event: PlaneEvent) => void>();

  constructor() {
    this.child = fork(fileURLToPath(new URL('./media-plane-process.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (message: PlaneMessage) => {
      if ('event' in message) {
        for (const listener of this.listeners) listener(message);
        return;
      }
      if (!('ok' in message)) return;
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (!waiter) return;
      if (message.ok) waiter.resolve({ sdp: message.sdp, measurement: message.measurement });
      else waiter.reject(new Error(message.error));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request(request: PlaneRequest): Promise<{ sdp?: string; measurement?: Measurement }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, ...request });
    });
  }

  on(listener: (event: PlaneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitFor(predicate: (event: PlaneEvent) => boolean, timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error('timed out waiting for a media plane event'));
      }, timeoutMs);
      const off = this.on((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    await this.request({ op: 'close' }).catch(() => undefined);
    this.child.kill();
  }
}
