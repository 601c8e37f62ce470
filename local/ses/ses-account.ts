// Long because it is the whole account the local SES plays: GetAccount, each refusal of SendEmail, the feedback an accepted send draws, and the gate in front of aws-ses-v2-local.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Faults } from '../faults/faults';
import type { SesFeedbackEvent } from '#shared/declaration';
import type { BusEvent } from '../eventbridge/local-bus';
import { feedbackEvents, SIMULATOR, type LocalConfigurationSet } from './ses-feedback';

/**
 * The SES account the local SES plays (docs/local-cloud.md, "SES"): what aws-ses-v2-local does
 * not do. SES v2 answers, as AWS documents them:
 * - `GetAccount` reports `SendQuota.MaxSendRate` (and `ProductionAccessEnabled: false` in the
 *   sandbox), which the mailer reads to pace itself;
 * - in the sandbox, a SendEmail whose sender or any recipient is not a verified identity (an
 *   address, or its domain) is refused `400 MessageRejected`, "Email address is not verified";
 * - a SendEmail over the send rate (recipients a second) is refused `429
 *   TooManyRequestsException`, "Maximum sending rate exceeded.", which the SDK treats as throttling;
 * - a SendEmail over the 24-hour quota (`SendQuota.Max24HourSend` recipients in any 24 hours,
 *   which GetAccount reports with `SentLast24Hours`) is refused the same way with "Daily message
 *   quota exceeded." (SES's documented throttling message for it).
 * - a SendEmail naming a configuration set the account does not have is refused `404
 *   NotFoundException`; one naming a set with an EventBridge destination has its bounces and
 *   complaints published to the default bus (ses-feedback.ts): for the mailbox simulator's
 *   addresses and those listed in `bounces` / `complaints`.
 * With the faults `sesThrottle` / `sesReject` (local/faults/faults.ts) it also answers a random
 * share of sends with those two refusals, counted in the faults' stats.
 */
export interface SesAccountOptions {
  /** Only verified identities may send and receive. */
  sandbox: boolean;
  /** Verified identities: e-mail addresses or whole domains (`uberpopug.test`). */
  verified: readonly string[];
  /** `SendQuota.MaxSendRate`: recipients per second; a second's worth may go at once. */
  maxSendRate: number;
  /**
   * `SendQuota.Max24HourSend`: recipients in any 24 hours (wall-clock time, as SES counts).
   * Default: 200 in the sandbox, 50,000 out of it, as AWS starts an account.
   */
  max24HourSend?: number;
  /** The account's configuration sets (infra's, by the same name). Default none. */
  configurationSets?: readonly LocalConfigurationSet[];
  /** Addresses that bounce, besides the mailbox simulator's `bounce@…` (`ATES_SES_BOUNCE`). */
  bounces?: readonly string[];
  /** Addresses that complain, besides `complaint@…` (`ATES_SES_COMPLAIN`). */
  complaints?: readonly string[];
  /** The region its events name. Default us-east-1. */
  region?: string;
}

/** Where the local SES publishes its bounce and complaint events: the default bus. */
export type PublishFeedback = (event: BusEvent) => void;

/** AWS's sandbox quota: one message a second. */
export const SANDBOX_SEND_RATE = 1;

/** Out of the sandbox, at about the rate AWS gives a new production account: 14 a second. */
export const PRODUCTION_ACCOUNT: SesAccountOptions = {
  sandbox: false,
  verified: [],
  maxSendRate: 14,
};

/** What the local SES refused, for tests and the soak's figures. */
export interface SesAccountStats {
  rejected: number;
  throttled: number;
  /** Sends refused because the 24-hour quota was spent. */
  overDailyQuota: number;
  /** Bounce and complaint events published to the default bus. */
  feedback: number;
}

interface Answer {
  status: number;
  errorType?: string;
  body: unknown;
}

const SEND = '/v2/email/outbound-emails';
/** SES v2's answer to a send over the account's rate (docs/local-cloud.md, "SES"). */
const RATE_EXCEEDED: Answer = {
  status: 429,
  errorType: 'TooManyRequestsException',
  body: { message: 'Maximum sending rate exceeded.' },
};
/** SES v2's answer to a send over the 24-hour quota: the same throttling error, its own message. */
const DAILY_QUOTA_EXCEEDED: Answer = {
  status: 429,
  errorType: 'TooManyRequestsException',
  body: { message: 'Daily message quota exceeded.' },
};
const ACCOUNT = '/v2/email/account';
const DAY_MS = 24 * 60 * 60_000;

export class SesAccount {
  readonly stats: SesAccountStats = { rejected: 0, throttled: 0, overDailyQuota: 0, feedback: 0 };
  private tokens: number;
  private refilledAt = Date.now();
  /** Accepted sends of the last 24 hours, oldest first: when, and how many recipients. */
  private readonly sent: { at: number; recipients: number }[] = [];
  private max24HourSend: number;

  constructor(
    readonly options: SesAccountOptions,
    private readonly faults?: Faults,
    private readonly publishFeedback?: PublishFeedback,
  ) {
    this.tokens = this.capacity;
    this.max24HourSend = options.max24HourSend ?? (options.sandbox ? 200 : 50_000);
  }

  /** A quota raised (or lowered) by AWS, as a test or the operator changes it. */
  setMax24HourSend(max: number) {
    this.max24HourSend = max;
  }

  /** Recipients sent to in the last 24 hours. */
  sentLast24Hours(now = Date.now()): number {
    while (this.sent.length > 0 && this.sent[0]!.at <= now - DAY_MS) this.sent.shift();
    return this.sent.reduce((sum, send) => sum + send.recipients, 0);
  }

  private get capacity() {
    return Math.max(1, this.options.maxSendRate);
  }

  /** GetAccount's answer, in the shape of SES v2's `GetAccountResponse`. */
  account() {
    const { sandbox, maxSendRate } = this.options;
    return {
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: 'HEALTHY',
      ProductionAccessEnabled: !sandbox,
      SendingEnabled: true,
      SendQuota: {
        Max24HourSend: this.max24HourSend,
        MaxSendRate: maxSendRate,
        SentLast24Hours: this.sentLast24Hours(),
      },
    };
  }

  /** Judges a SendEmail: undefined lets it through to the inbox. */
  judgeSend(body: SendBody): Answer | undefined {
    const recipients = recipientsOf(body);
    const setName = body.ConfigurationSetName;
    if (setName !== undefined && !this.configurationSet(setName)) {
      return {
        status: 404,
        errorType: 'NotFoundException',
        body: { message: `Configuration set <${setName}> does not exist.` },
      };
    }
    if (this.options.sandbox) {
      const unverified = [addressOf(body.FromEmailAddress ?? ''), ...recipients].filter(
        (address) => !this.isVerified(address),
      );
      if (unverified.length > 0) {
        this.stats.rejected += 1;
        return {
          status: 400,
          errorType: 'MessageRejected',
          body: {
            message: `Email address is not verified. The following identities failed the check in region LOCAL: ${unverified.join(', ')}`,
          },
        };
      }
    }
    const count = Math.max(1, recipients.length);
    if (this.sentLast24Hours() + count > this.max24HourSend) {
      this.stats.overDailyQuota += 1;
      return DAILY_QUOTA_EXCEEDED;
    }
    if (!this.take(count)) {
      this.stats.throttled += 1;
      return RATE_EXCEEDED;
    }
    const refusal = this.injectedFault();
    if (!refusal) this.sent.push({ at: Date.now(), recipients: count });
    return refusal;
  }

  /**
   * SES accepted the send (`messageId`): the bounces and complaints its recipients draw, published
   * to the default bus when it named a configuration set whose destination publishes them.
   */
  accepted(body: SendBody, messageId: string) {
    const configurationSet = body.ConfigurationSetName
      ? this.configurationSet(body.ConfigurationSetName)
      : undefined;
    if (!configurationSet || !this.publishFeedback) return;
    const events = feedbackEvents(
      {
        messageId,
        from: addressOf(body.FromEmailAddress ?? ''),
        recipients: recipientsOf(body),
        configurationSet,
        at: new Date(),
        region: this.options.region ?? 'us-east-1',
        account: LOCAL_ACCOUNT,
      },
      (recipient) => this.feedbackOf(recipient),
    );
    for (const event of events) {
      this.stats.feedback += 1;
      this.publishFeedback(event);
    }
  }

  private feedbackOf(recipient: string): SesFeedbackEvent | undefined {
    const listed = (addresses: readonly string[] = []) =>
      addresses.some((address) => address.toLowerCase() === recipient);
    if (recipient === SIMULATOR.bounce || listed(this.options.bounces)) return 'BOUNCE';
    if (recipient === SIMULATOR.complaint || listed(this.options.complaints)) return 'COMPLAINT';
    return undefined;
  }

  private configurationSet(name: string) {
    return this.options.configurationSets?.find((set) => set.name === name);
  }

  /** The `sesThrottle` and `sesReject` faults: a refusal SES could give, drawn at random. */
  private injectedFault(): Answer | undefined {
    const faults = this.faults;
    if (!faults) return undefined;
    if (faults.chance(faults.options.sesThrottle)) {
      faults.stats.sesSendsThrottled += 1;
      return RATE_EXCEEDED;
    }
    if (faults.chance(faults.options.sesReject)) {
      faults.stats.sesSendsRejected += 1;
      return {
        status: 400,
        errorType: 'MessageRejected',
        body: { message: 'injected fault: the message is rejected for good' },
      };
    }
    return undefined;
  }

  private isVerified(address: string): boolean {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    // The mailbox simulator needs no verification, in the sandbox too.
    if (domain === SIMULATOR.domain) return true;
    return this.options.verified.some((identity) => {
      const verified = identity.toLowerCase();
      return verified === address || verified === domain;
    });
  }

  /** A token bucket of one second's sends, refilled at the send rate. */
  private take(count: number): boolean {
    const now = Date.now();
    const rate = this.options.maxSendRate;
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * rate);
    this.refilledAt = now;
    if (this.tokens < count) return false;
    this.tokens -= count;
    return true;
  }
}

/** The account the local SES's events name, as the rest of the local cloud's ARNs do. */
const LOCAL_ACCOUNT = '000000000000';

/** What the local SES reads of a SendEmail (SES v2). */
interface SendBody {
  FromEmailAddress?: string;
  ConfigurationSetName?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
}

const recipientsOf = (body: SendBody) => {
  const { ToAddresses = [], CcAddresses = [], BccAddresses = [] } = body.Destination ?? {};
  return [...ToAddresses, ...CcAddresses, ...BccAddresses].map(addressOf);
};

/** `Name <a@b>` or `a@b`, lower-cased: how SES compares an identity. */
const addressOf = (address: string) => (/<([^>]+)>/.exec(address)?.[1] ?? address).toLowerCase();

/**
 * Puts `account` in front of aws-ses-v2-local's own request handler: GetAccount and SendEmail's
 * refusals are answered here; everything else (and every accepted send, with its body already
 * read, which Express's body parser then leaves alone) goes on to aws-ses-v2-local.
 */
export function gateSes(server: Server, account: SesAccount) {
  const handlers = server.listeners('request') as ((
    request: IncomingMessage,
    response: ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  const passOn = (request: IncomingMessage, response: ServerResponse) => {
    for (const handler of handlers) handler.call(server, request, response);
  };
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === ACCOUNT) {
      return send(response, { status: 200, body: account.account() });
    }
    if (request.method !== 'POST' || path !== SEND) return passOn(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return send(response, {
          status: 400,
          errorType: 'BadRequestException',
          body: { message: 'the request body is not JSON' },
        });
      }
      const refusal = account.judgeSend(body as SendBody);
      if (refusal) return send(response, refusal);
      (request as IncomingMessage & { body?: unknown }).body = body;
      whenAccepted(response, (messageId) => account.accepted(body as SendBody, messageId));
      passOn(request, response);
    });
  });
}

/** Calls `then` with the MessageId of aws-ses-v2-local's 200 answer, once it is sent. */
function whenAccepted(response: ServerResponse, then: (messageId: string) => void) {
  const chunks: Buffer[] = [];
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
    return end(chunk, ...rest);
  }) as ServerResponse['end'];
  response.on('finish', () => {
    if (response.statusCode !== 200) return;
    try {
      const { MessageId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        MessageId?: string;
      };
      if (MessageId) then(MessageId);
    } catch {
      // Not the JSON answer of a send: nothing was accepted to report on.
    }
  });
}

function send(response: ServerResponse, answer: Answer) {
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    ...(answer.errorType ? { 'x-amzn-errortype': answer.errorType } : {}),
  });
  response.end(JSON.stringify(answer.body));
}
