import type { CloudLog } from '../log';

/**
 * What the cloud must stop, in reverse order of starting. A piece is pushed the moment it is up,
 * so a failure of another piece during the start cannot leave it (or its Java process) behind.
 */
export class StopStack {
  private readonly stops: Array<() => Promise<void> | void> = [];

  constructor(private readonly log: CloudLog) {}

  push(stop: () => Promise<void> | void) {
    this.stops.push(stop);
  }

  /** Registers `stop(value)` once `promise` resolves; passes the value on. */
  started<T>(promise: Promise<T>, stop: (value: T) => Promise<void> | void): Promise<T> {
    return promise.then((value) => {
      this.push(() => stop(value));
      return value;
    });
  }

  async stopAll() {
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log.warn(`while stopping: ${(error as Error).message}`);
      }
    }
  }
}
