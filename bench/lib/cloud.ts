import '../../local/cloud/quiet-sdk-notice';
import '../../local/cloud/xray-manual-mode';
import type { ServiceDeclaration } from '#shared/declaration';
import { startLocalCloud, type LocalCloud } from '../../local/cloud/local-cloud';
import { parseFaults } from '../../local/faults/parse-faults';
import { DEMO_COMPANY, seedDemoCompany } from '../../local/cloud/seed-demo';

/** A JSON call to the gateway, as a browser or script makes it. */
export type Call = (
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * The local cloud in memory with its own DynamoDB Local (no shared engine, so no block slows
 * another), the demo company seeded and heard of by every domain, and a sign-in per role.
 * SES (aws-ses-v2-local) only when asked: the daily close e-mails its payouts. `services` runs
 * only some domains (default all): a block that measures one domain's job leaves out the
 * consumers that would share its DynamoDB Local; it must keep Auth, which seeds and signs in.
 */
export async function benchCloud(
  options: { ses?: boolean; services?: readonly ServiceDeclaration[]; faults?: string } = {},
): Promise<{
  cloud: LocalCloud;
  call: Call;
  tokens: Record<'admin' | 'manager' | 'accountant' | 'worker', string>;
}> {
  // A full block outlives the 10-minute token (the 2,000-task lifecycle's reshuffle phase alone
  // ran past it and was refused at its status read): real clients refresh; the bench signs in
  // once, so its tokens live two hours. Read by Auth's wiring, in this process.
  process.env.ATES_TOKEN_TTL_SECONDS ??= String(2 * 60 * 60);
  const cloud = await startLocalCloud({
    inMemory: true,
    quiet: true,
    ses: options.ses ?? false,
    scheduler: false,
    faults: parseFaults(options.faults),
    ...(options.services ? { services: options.services } : {}),
  });
  const call: Call = async (method, path, token, body) => {
    const send = () =>
      fetch(`${cloud.urls.gateway}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const response = await (IDEMPOTENT.has(method) ? retryingReset(send) : send());
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  await seedDemoCompany({ log: () => {} });
  await cloud.settled(60_000);
  const tokenOf = async (role: string) => {
    const login = DEMO_COMPANY.find((l) => l.role === role)!;
    const res = await call('POST', '/auth/login', undefined, {
      email: login.email,
      password: login.password,
    });
    if (res.status !== 200)
      throw new Error(`sign-in as ${role} failed: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const tokens = {
    admin: await tokenOf('admin'),
    manager: await tokenOf('manager'),
    accountant: await tokenOf('accountant'),
    worker: await tokenOf('worker'),
  };
  return { cloud, call, tokens };
}

/** Methods a client may repeat after a lost connection: the first try changed nothing else. */
const IDEMPOTENT = new Set(['GET', 'HEAD']);

/**
 * A request whose connection was reset is sent again (three tries), as HTTP clients do for
 * idempotent requests: a long run must not die of one reset socket while it polls. A POST is
 * never repeated (a reset one may have created its task): it fails the run instead.
 */
async function retryingReset(send: () => Promise<Response>, tries = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= tries || !isLostConnection(error)) throw error;
    }
  }
}

const isLostConnection = (error: unknown) => {
  const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
};
