import { FunctionLogs } from '../lambda/function-logs';
import { parseEmfLine, type EmfRecord } from './emf';

type Listener = (record: EmfRecord) => void;
type Write = typeof process.stdout.write;

const listeners = new Set<Listener>();
let restore: (() => void) | undefined;

/**
 * The functions run in the local cloud's process and print to stdout and stderr, as they do in
 * Lambda, where CloudWatch Logs keeps every line and turns the EMF lines into metrics. Here a
 * tap on both streams does it: each EMF line goes to the listeners (the metrics page), each
 * other line a function prints during an invocation goes to its cloud's function logs
 * (local/function-logs.ts); neither reaches the terminal. Every other byte passes through
 * unchanged. Installed while any listener is there.
 */
export function onEmfLines(listener: Listener): () => void {
  listeners.add(listener);
  if (!restore) {
    const untapOut = tap(process.stdout);
    const untapErr = tap(process.stderr);
    restore = () => {
      untapOut();
      untapErr();
    };
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      restore?.();
      restore = undefined;
    }
  };
}

function tap(stream: NodeJS.WriteStream) {
  const original = stream.write;
  const write = original.bind(stream) as (chunk: string) => boolean;
  let partial = '';
  stream.write = function tapped(chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    const sink = FunctionLogs.sinkOfCurrentInvocation();
    if (!sink && !text.includes('{"_aws"') && !partial) {
      return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
    }
    const kept: string[] = [];
    if (sink) {
      // A function writes a line a call (console and Powertools do): each piece is a line.
      for (const line of text.split('\n')) {
        if (!line) continue;
        const record = parseEmfLine(line);
        if (record) for (const listener of listeners) listener(record);
        else sink(line);
      }
    } else {
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const record = parseEmfLine(line);
        if (record) for (const listener of listeners) listener(record);
        else kept.push(line);
      }
    }
    // A half line that is not EMF goes out now rather than waiting for its end.
    if (partial && !partial.startsWith('{"_aws"')) {
      kept.push(partial);
      partial = '';
      write(kept.join('\n'));
    } else if (kept.length > 0) write(`${kept.join('\n')}\n`);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  } as Write;
  return () => {
    stream.write = original;
  };
}
