import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MissingConfigError } from '#shared/config';
import { AuthError } from '../../functions/auth/domain/errors';
import { createUser } from '../../functions/auth/use-cases/create-user';
import { OPERATOR } from '../../functions/auth/domain/actor';
import { KEY_PUBLICATION_LEAD_MS } from '../../functions/auth/domain/signing-key';
import { authDeps } from '../../functions/auth/wiring';

export const HELP = `Usage: npm run admin -- <command> [options]

Administers aTES accounts directly in the Auth table, with your own AWS credentials.
Use it for the first admin of a freshly deployed stack; after that, admins use the API.

Commands:
  create       Create a user through the same use case as POST /auth/users
               (publishes user.created like any other).
  rotate-key   Add a new token-signing key. It is published in the JWKS at once and signs
               15 minutes later, once every cache of the JWKS holds it; the older keys stay
               in the JWKS, so tokens already issued keep working until they expire.
  retire-key <generation>
               Retire one key (its generation, as rotate-key's and the JWKS's order shows):
               the JWKS stops listing it, every domain's copy of the keys drops it, and
               tokens it signed are refused within 5 minutes. Retire a key once its last
               token has expired (10 minutes after a newer key began to sign), or at once if
               it leaked.

Options for create:
  --email <address>   the user's e-mail (unique, any letter case)
  --name <name>       the user's display name
  --role <role>       admin | manager | accountant | worker
  -h, --help          show this help

The password is asked for twice on a terminal and never echoed. Without a terminal it is the
first line of standard input:
  printf '%s\\n' "$PASSWORD" | npm run admin -- create --email a@b.test --name Ada --role admin

Environment:
  AUTH_TABLE          the Auth table's name (an output of the deployed Auth stack)
  AWS_REGION, AWS_PROFILE or other standard AWS credential settings
`;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readPassword: () => Promise<string>;
}

/** Exit codes: 0 done, 1 refused or failed, 2 the command line itself was wrong. */
export async function runAdminCli(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? io.out : io.err)(HELP);
    return values.help ? 0 : 2;
  }
  const [command, ...rest] = positionals;
  if (command === 'rotate-key' && rest.length === 0) return rotateKey(io);
  if (command === 'retire-key' && rest.length === 1 && /^[1-9]\d{0,5}$/.test(rest[0]!))
    return retireKey(Number(rest[0]), io);
  if (command !== 'create' || rest.length > 0) {
    io.err(`error: unknown command "${positionals.join(' ')}"\n\n${HELP}`);
    return 2;
  }
  const missing = (['email', 'name', 'role'] as const).filter((name) => !values[name]);
  if (missing.length > 0) {
    io.err(`error: create needs ${missing.map((m) => `--${m}`).join(', ')}\n\n${HELP}`);
    return 2;
  }

  try {
    const deps = authDeps(); // fails first if AUTH_TABLE is not set, before asking for a password
    const password = await io.readPassword();
    const user = await createUser(
      deps,
      OPERATOR,
      { email: values.email, name: values.name, role: values.role, password },
      { correlationId: `admin-cli-${randomUUID()}` },
    );
    io.out(`created ${user.role} ${user.email} (id ${user.id})\n`);
    return 0;
  } catch (error) {
    io.err(`error: ${explain(error)}\n`);
    return 1;
  }
}

async function rotateKey(io: CliIo): Promise<number> {
  try {
    const { keyRing } = authDeps();
    await keyRing.rotate();
    const { keys } = await keyRing.jwks();
    const signsFrom = new Date(Date.now() + KEY_PUBLICATION_LEAD_MS).toISOString();
    io.out(
      `a new key is published and signs from ${signsFrom}; the JWKS now lists ${keys.map((key) => key.kid).join(', ')}\n`,
    );
    return 0;
  } catch (error) {
    io.err(`error: ${explain(error)}\n`);
    return 1;
  }
}

async function retireKey(generation: number, io: CliIo): Promise<number> {
  try {
    const { keyRing } = authDeps();
    if (!(await keyRing.retire(generation))) {
      io.err(`error: there is no active key of generation ${generation}\n`);
      return 1;
    }
    const { keys } = await keyRing.jwks();
    io.out(
      `key generation ${generation} is retired; the JWKS now lists ${keys.map((key) => key.kid).join(', ') || 'no key'}\n`,
    );
    return 0;
  } catch (error) {
    io.err(`error: ${explain(error)}\n`);
    return 1;
  }
}

/** Turns the failures an operator can fix into a sentence that says how. */
function explain(error: unknown): string {
  if (error instanceof AuthError) return error.message;
  if (error instanceof MissingConfigError)
    return `${error.message}: set AUTH_TABLE to the Auth table's name (see the deployed stack's outputs)`;
  const { name, message } = error as Error;
  if (name === 'ResourceNotFoundException')
    return `table "${process.env.AUTH_TABLE}" was not found in region ${process.env.AWS_REGION ?? '(default)'}: check AUTH_TABLE and AWS_REGION`;
  if (name === 'CredentialsProviderError' || /credential/i.test(message))
    return `no usable AWS credentials (${message}): set AWS_PROFILE or sign in with "aws sso login"`;
  if (/region is missing/i.test(message)) return 'no AWS region: set AWS_REGION';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(message))
    return `could not reach DynamoDB (${message}): check your network, AWS_REGION and AWS_ENDPOINT_URL_DYNAMODB`;
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException')
    return `AWS refused the request (${name}): your credentials may not write to the Auth table`;
  return `${name}: ${message}`;
}
