import { parseArgs } from 'node:util';
import * as z from 'zod';
import { deadLetterSchema, type DeadLetter } from './dead-letters';
import { describeBody } from './local-queue';

const USAGE = `usage: npm run dlq [list [domain] [id]]
       npm run dlq redrive [domain] [id]     (no filter redrives every dead letter)
       (or with flags after --: npm run dlq -- redrive --domain tasker --id <message id>)`;

/** The running cloud's gateway: ATES_GATEWAY_URL, or the port npm start uses. */
const gatewayUrl = () =>
  process.env.ATES_GATEWAY_URL ?? `http://127.0.0.1:${process.env.ATES_GATEWAY_PORT || 3000}`;

async function call(path: string, init?: RequestInit): Promise<unknown> {
  const url = `${gatewayUrl()}${path}`;
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new Error(
      `the local cloud is not running at ${gatewayUrl()}: start it with npm start (or set ATES_GATEWAY_URL)`,
    );
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body;
}

/** One letter in two lines; with `full`, the whole error and the message body. */
function printLetter(letter: DeadLetter, full: boolean) {
  const error = letter.error.replace(/\s+/g, ' ');
  const where = letter.target ? `  (${letter.target})` : '';
  console.log(`${letter.domain}  ${letter.id}  ${describeBody(letter.body)}${where}`);
  console.log(
    `    ${letter.receiveCount} ${letter.target ? 'attempts' : 'receives'}, dead since ${letter.deadAt}: ${full || error.length <= 240 ? error : `${error.slice(0, 240)}… (add the id for all of it)`}`,
  );
  if (full) console.log(`    body: ${letter.body}`);
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { domain: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) return console.log(USAGE);
  // Without `--`, npm keeps `--domain x` for itself and hands us npm_config_domain (or just
  // "true" and a stray positional); positional filters avoid that trap altogether.
  const fromNpm = (name: string) => {
    const value = process.env[`npm_config_${name}`];
    return value && value !== 'true' ? value : undefined;
  };
  const domain = values.domain ?? positionals[1] ?? fromNpm('domain');
  const id = values.id ?? positionals[2] ?? fromNpm('id');
  const command = positionals[0] ?? 'list';

  if (command === 'list') {
    const query = new URLSearchParams();
    if (domain) query.set('domain', domain);
    if (id) query.set('id', id);
    const body = z
      .object({ deadLetters: z.array(deadLetterSchema) })
      .parse(await call(`/_local/dlq?${query}`));
    if (body.deadLetters.length === 0) return console.log('no dead letters');
    body.deadLetters.forEach((letter) => printLetter(letter, Boolean(id)));
    console.log(`\n${body.deadLetters.length} dead letter(s); npm run dlq redrive to retry them`);
    return;
  }
  if (command === 'redrive') {
    const body = z
      .object({ redriven: z.array(z.object({ id: z.string(), domain: z.string() })) })
      .parse(
        await call('/_local/dlq/redrive', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ domain, id }),
        }),
      );
    if (body.redriven.length === 0) return console.log('nothing to redrive');
    for (const letter of body.redriven) console.log(`↻ ${letter.domain}  ${letter.id}`);
    console.log(`${body.redriven.length} message(s) sent back to their queues`);
    return;
  }
  console.error(`unknown command "${command}"\n${USAGE}`);
  process.exitCode = 2;
}

main().catch((error: Error) => {
  console.error(`✗ ${error.message}`);
  process.exitCode = 1;
});
