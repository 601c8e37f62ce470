import type { CloudLog } from './log';

/** `hard`: stop as a killed process would, without finishing or recording work in flight. */
export interface StopHow {
  hard?: boolean;
}
type Stop = (how: StopHow) => Promise<void> | void;

/**
 * What the cloud must stop, in reverse order of starting. A piece is pushed the moment it is up,
 * so a failure of another piece during the start cannot leave it (or its Java process) behind.
 */
export class StopStack {
  private readonly stops: Stop[] = [];

  constructor(private readonly log: CloudLog) {}

  push(stop: Stop) {
    this.stops.push(stop);
  }

  /** Registers `stop(value)` once `promise` resolves; passes the value on. */
  started<T>(promise: Promise<T>, stop: (value: T) => Promise<void> | void): Promise<T> {
    return promise.then((value) => {
      this.push(() => stop(value));
      return value;
    });
  }

  async stopAll(how: StopHow = {}) {
    for (const stop of this.stops.splice(0).reverse()) {
      try {
        await stop(how);
      } catch (error) {
        this.log.warn(`while stopping: ${(error as Error).message}`);
      }
    }
  }
}
