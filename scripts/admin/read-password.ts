import type { Readable } from 'node:stream';

/**
 * When the password is piped in (`echo "$PW" | npm run admin -- create ...`): its first line,
 * without the newline the shell adds. Nothing else on the stream is used.
 */
export async function passwordFromStream(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  const [firstLine = ''] = text.split(/\r?\n/);
  if (!firstLine) throw new Error('expected the password on the first line of standard input');
  return firstLine;
}

/**
 * Reads a line from the terminal without echoing it: raw mode hands us each key press, and we
 * print nothing for it. Ctrl-C cancels; Backspace edits.
 */
export function promptHidden(prompt: string, output: NodeJS.WritableStream = process.stderr) {
  const input = process.stdin;
  output.write(prompt);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/** On a terminal: asks twice, so a typo in a password nobody can see is caught. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return passwordFromStream(process.stdin);
  const password = await promptHidden('Password: ');
  const repeated = await promptHidden('Repeat password: ');
  if (password !== repeated) throw new Error('the two passwords differ; nothing was created');
  return password;
}
