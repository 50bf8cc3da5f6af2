// Types for asterisk-manager 0.2.0 (the package ships none; lib/ami.js is the source of truth).
declare module 'asterisk-manager' {
  /** A parsed AMI message: keys lowercased; repeated keys become arrays; Variable/ChanVariable objects. */
  export type AmiFieldValue = string | string[] | Record<string, string>;
  export type AmiRawMessage = Record<string, AmiFieldValue | undefined>;

  export type AmiCallback = (err: AmiRawMessage | Error | null | undefined, res?: AmiRawMessage) => void;

  export interface AmiManager {
    options: { port: number | undefined; host: string; username: string; password: string; events: boolean };
    connect(port: number, host: string, callback?: (err: null) => void): void;
    login(callback?: AmiCallback): void;
    /** Sends an action; returns the ActionID really used (it may differ from a caller-supplied one). */
    action(action: Record<string, string | number | boolean | Record<string, string> | undefined>, callback?: AmiCallback): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean | undefined;
    keepConnected(): void;
    on(event: 'managerevent' | 'asterisk' | 'response' | 'rawevent', listener: (message: AmiRawMessage) => void): this;
    on(event: 'connect' | 'end' | 'close', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: string, listener: (...args: never[]) => void): this;
    once(event: string, listener: (...args: never[]) => void): this;
    removeListener(event: string, listener: (...args: never[]) => void): this;
    removeAllListeners(event?: string): this;
    listeners(event: string): Array<(...args: never[]) => unknown>;
    emit(event: string, ...args: unknown[]): boolean;
  }

  function Manager(
    port: number | undefined,
    host: string,
    username: string,
    password: string,
    events: boolean,
  ): AmiManager;

  export default Manager;
}
