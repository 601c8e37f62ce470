import { parseEmfLine, type EmfRecord } from './emf';

type Listener = (record: EmfRecord) => void;

const listeners = new Set<Listener>();
let restore: (() => void) | undefined;
let partial = '';

/**
 * The functions run in the local cloud's process and print their metrics to stdout, as they do
 * in Lambda, where CloudWatch Logs turns the EMF lines into metrics. Here a tap on stdout does
 * it: each EMF line goes to the listeners and stays off the terminal (the metrics page shows
 * it); every other byte passes through unchanged. Installed while any listener is there.
 */
export function onEmfLines(listener: Listener): () => void {
  listeners.add(listener);
  if (!restore) restore = install();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      restore?.();
      restore = undefined;
    }
  };
}

function install() {
  const original = process.stdout.write;
  const write = original.bind(process.stdout) as (chunk: string) => boolean;
  process.stdout.write = function tap(chunk: unknown, ...rest: unknown[]) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
    if (!text.includes('{"_aws"') && !partial) {
      return (original as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    }
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    const kept: string[] = [];
    for (const line of lines) {
      const record = parseEmfLine(line);
      if (record) for (const listener of listeners) listener(record);
      else kept.push(line);
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
  } as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}
