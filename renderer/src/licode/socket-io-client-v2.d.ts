// Minimal typings for socket.io-client 2.x, installed under the npm alias `socket.io-client-v2` (it ships none).
// Only what the dialect A transport uses.
declare module 'socket.io-client-v2' {
  export interface SocketV2 {
    readonly id: string;
    readonly connected: boolean;
    readonly io: { engine?: { transport?: { ws?: { bufferedAmount?: number } } } };
    on(event: string, listener: (...args: any[]) => void): SocketV2; // eslint-disable-line @typescript-eslint/no-explicit-any -- socket.io listeners are variadic and untyped
    off(event?: string, listener?: (...args: any[]) => void): SocketV2; // eslint-disable-line @typescript-eslint/no-explicit-any -- see above
    emit(event: string, ...args: unknown[]): SocketV2;
    disconnect(): SocketV2;
    close(): SocketV2;
  }
  export interface ConnectOptsV2 {
    transports?: string[];
    reconnection?: boolean;
    forceNew?: boolean;
    multiplex?: boolean;
    timeout?: number;
    query?: Record<string, string> | string;
    rejectUnauthorized?: boolean;
    autoConnect?: boolean;
  }
  function io(url: string, opts?: ConnectOptsV2): SocketV2;
  export default io;
}
