import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTables } from '../../test/support/tables';
import { itemsOfType, outboxWatermark } from '../../functions/auth/test-support/table-contents';
import { authDeps } from '../../functions/auth/wiring';
import { HELP, runAdminCli } from './cli';
import { passwordFromStream } from './read-password';

function fakeIo(password = 'first-admin-password') {
  const io = { stdout: '', stderr: '', asked: 0 };
  return {
    io,
    cli: {
      out: (text: string) => void (io.stdout += text),
      err: (text: string) => void (io.stderr += text),
      readPassword: async () => {
        io.asked++;
        return password;
      },
    },
  };
}

const createArgs = (email: string, role = 'admin') => [
  'create',
  '--email',
  email,
  '--name',
  'First Admin',
  '--role',
  role,
];

describe('npm run admin', () => {
  beforeAll(() => createTables());

  it('prints help with --help and exits 0', async () => {
    const { io, cli } = fakeIo();
    expect(await runAdminCli(['--help'], cli)).toBe(0);
    expect(io.stdout).toBe(HELP);
    expect(io.stdout).toContain('npm run admin -- <command>');
  });

  it('creates the user through the same use case, publishing user.created', async () => {
    const { io, cli } = fakeIo();
    const outbox = await outboxWatermark();

    const code = await runAdminCli(createArgs('Chief@UberPopug.test'), cli);

    expect(code).toBe(0);
    expect(io.stdout).toMatch(/^created admin Chief@UberPopug.test \(id [0-9a-f-]{36}\)\n$/);
    expect(io.stdout + io.stderr).not.toContain('first-admin-password');
    const events = await outbox.newEvents();
    expect(events.map((e) => [e.detailType, e.data.email, e.data.role])).toEqual([
      ['user.created', 'Chief@UberPopug.test', 'admin'],
    ]);
  });

  it('refuses a duplicate e-mail with a clear message and exit code 1', async () => {
    await runAdminCli(createArgs('twice@uberpopug.test'), fakeIo().cli);
    const { io, cli } = fakeIo();
    expect(await runAdminCli(createArgs('TWICE@uberpopug.test'), cli)).toBe(1);
    expect(io.stderr).toBe('error: a user with e-mail TWICE@uberpopug.test already exists\n');
  });

  it('refuses a too-short password and an unknown role, creating nothing', async () => {
    const usersBefore = (await itemsOfType('user')).length;
    const short = fakeIo('short');
    expect(await runAdminCli(createArgs('short@uberpopug.test'), short.cli)).toBe(1);
    expect(short.io.stderr).toMatch(/password: must be at least 8 characters/);
    const role = fakeIo();
    expect(await runAdminCli(createArgs('role@uberpopug.test', 'overlord'), role.cli)).toBe(1);
    expect(role.io.stderr).toMatch(/role: Invalid option/);
    expect(await itemsOfType('user')).toHaveLength(usersBefore);
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['destroy']],
    ['missing options', ['create', '--email', 'a@b.test']],
    ['an unknown option', ['create', '--emial', 'a@b.test']],
  ])('answers %s with usage and exit code 2, without asking for a password', async (_, args) => {
    const { io, cli } = fakeIo();
    expect(await runAdminCli(args, cli)).toBe(2);
    expect(io.stderr).toContain('Usage: npm run admin');
    expect(io.asked).toBe(0);
  });

  it('rotate-key publishes a new signing key at once and keeps the old one signing until its lead has passed', async () => {
    const { keyRing } = authDeps();
    const signingBefore = (await keyRing.signingKey()).kid;
    const before = (await keyRing.jwks()).keys.map((key) => key.kid);
    const { io, cli } = fakeIo();
    expect(await runAdminCli(['rotate-key'], cli)).toBe(0);
    const after = (await keyRing.jwks()).keys.map((key) => key.kid);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.length).toBe(before.length + 1);
    const added = after.find((kid) => !before.includes(kid))!;
    expect(io.stdout).toContain(added);
    expect(io.stdout).toContain('signs from');
    expect((await keyRing.signingKey()).kid).toBe(signingBefore);
    expect(io.asked).toBe(0);
  });

  it('retire-key takes one generation out of the JWKS, once', async () => {
    const { keyRing } = authDeps();
    await keyRing.rotate();
    const before = (await keyRing.jwks()).keys.map((key) => key.kid);
    const { io, cli } = fakeIo();
    expect(await runAdminCli(['retire-key', '1'], cli)).toBe(0);
    const after = (await keyRing.jwks()).keys.map((key) => key.kid);
    expect(after).toHaveLength(before.length - 1);
    expect(io.stdout).toContain('generation 1 is retired');
    const again = fakeIo();
    expect(await runAdminCli(['retire-key', '1'], again.cli)).toBe(1);
    expect(again.io.stderr).toContain('no active key of generation 1');
  });

  it('says which setting is missing when AUTH_TABLE is not set', async () => {
    const table = process.env.AUTH_TABLE;
    delete process.env.AUTH_TABLE;
    try {
      vi.resetModules(); // the wiring is built once per process: load a fresh copy without it
      const { runAdminCli: freshCli } = await import('./cli');
      const { io, cli } = fakeIo();
      expect(await freshCli(createArgs('no-table@uberpopug.test'), cli)).toBe(1);
      expect(io.stderr).toMatch(/AUTH_TABLE is not set: set AUTH_TABLE to the Auth table's name/);
      expect(io.asked).toBe(0);
    } finally {
      process.env.AUTH_TABLE = table;
    }
  });
});

describe('password from standard input', () => {
  it('takes the first line, without its newline', async () => {
    expect(await passwordFromStream(Readable.from(['s3cret-pass\n', 'ignored\n']))).toBe(
      's3cret-pass',
    );
    expect(await passwordFromStream(Readable.from(['no-newline-at-end']))).toBe(
      'no-newline-at-end',
    );
    expect(await passwordFromStream(Readable.from(['crlf-line\r\n']))).toBe('crlf-line');
  });

  it('refuses empty input', async () => {
    await expect(passwordFromStream(Readable.from([]))).rejects.toThrow(/first line/);
  });
});
