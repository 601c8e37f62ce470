/** The local cloud's own output (handlers log through Powertools on their own). */
export interface CloudLog {
  info(line: string): void;
  warn(line: string): void;
}

export const consoleLog: CloudLog = {
  info: (line) => console.log(line),
  warn: (line) => console.warn(line),
};

/** For tests: nothing on the console; failures stay visible through the test hooks. */
export const silentLog: CloudLog = { info: () => undefined, warn: () => undefined };
