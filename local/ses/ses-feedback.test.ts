import { SESv2Client, SendEmailCommand, NotFoundException } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUS } from '#shared/declaration';
import { SERVICES } from '../../functions/services';
import {
  sesBounceDetail,
  sesComplaintDetail,
} from '../../functions/accounting/handlers/ses-feedback';
import type { RunningServer } from '../cloud/http-io';
import { oneTrySesClient } from '../../test/support/mailer-ses';
import { rulesOf, type BusEvent } from '../eventbridge/local-bus';
import type { SesAccount } from './ses-account';
import { localConfigurationSets } from './local-configuration-sets';
import { startSes } from './ses-server';

const published: BusEvent[] = [];
let ses: RunningServer & { account: SesAccount };
let client: SESv2Client;
const [configurationSet] = localConfigurationSets(SERVICES);

beforeAll(async () => {
  ses = await startSes(
    0,
    undefined,
    {
      sandbox: true,
      verified: ['payouts@uberpopug.test', 'gone@uberpopug.test'],
      maxSendRate: 50,
      configurationSets: [configurationSet!],
      bounces: ['gone@uberpopug.test'],
    },
    undefined,
    (event) => published.push(event),
  );
  client = oneTrySesClient(ses.url);
});
afterAll(async () => {
  client.destroy();
  await ses.close();
});

const send = (to: string[], set: string | null = configurationSet!.name) =>
  client.send(
    new SendEmailCommand({
      FromEmailAddress: 'payouts@uberpopug.test',
      ConfigurationSetName: set ?? undefined,
      Destination: { ToAddresses: to },
      Content: { Simple: { Subject: { Data: 'Payout' }, Body: { Text: { Data: '$7.00' } } } },
    }),
  );

describe("the local SES's bounces and complaints", () => {
  it('publishes them for the mailbox simulator (in the sandbox too) in AWS shape, which the rules route to Accounting', async () => {
    published.length = 0;
    const { MessageId } = await send([
      'bounce@simulator.amazonses.com',
      'complaint@simulator.amazonses.com',
    ]);
    expect(published.map((e) => [e.source, e['detail-type']])).toEqual([
      ['aws.ses', 'Email Bounced'],
      ['aws.ses', 'Email Complaint Received'],
    ]);
    const [bounce, complaint] = published;
    expect(sesBounceDetail.parse(bounce!.detail)).toMatchObject({
      mail: { messageId: MessageId },
      bounce: {
        bounceType: 'Permanent',
        bouncedRecipients: [{ emailAddress: 'bounce@simulator.amazonses.com' }],
      },
    });
    expect(sesComplaintDetail.parse(complaint!.detail)).toMatchObject({
      complaint: { complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }] },
    });
    expect(bounce!.resources).toEqual([
      `arn:aws:ses:us-east-1:000000000000:configuration-set/${configurationSet!.name}`,
    ]);
    // On the default bus, only the rule infra puts there matches: Accounting's.
    const matching = rulesOf(SERVICES).filter(
      (rule) => rule.bus === DEFAULT_BUS && rule.matches(bounce!),
    );
    expect(matching.map((rule) => rule.domain)).toEqual(['accounting']);
    expect(rulesOf(SERVICES).filter((r) => r.bus !== DEFAULT_BUS && r.matches(bounce!))).toEqual(
      [],
    );
  });

  it('bounces a listed address, and publishes nothing for a send that names no configuration set', async () => {
    published.length = 0;
    await send(['gone@uberpopug.test']);
    expect(published.map((e) => e['detail-type'])).toEqual(['Email Bounced']);
    published.length = 0;
    await send(['bounce@simulator.amazonses.com'], null);
    expect(published).toEqual([]);
    expect(ses.account.stats.feedback).toBe(3);
  });

  it('refuses a send naming a configuration set the account does not have: NotFoundException', async () => {
    const refused = await send(['bounce@simulator.amazonses.com'], 'marketing').catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(NotFoundException);
  });
});
