import { describe, expect, it } from 'vitest';
import { InvalidConfigError, PLACEHOLDER_SENDER, readConfig } from './config';
import { CDK_JSON_CONTEXT } from './test-support/synth';
import { testApp } from './test-support/test-app';

/** The config of a `cdk` command run with cdk.json and these `-c` values (a deploy's synth). */
const configOf = (context: Record<string, unknown>) =>
  readConfig(testApp({ context: { ...CDK_JSON_CONTEXT, ...context } }).node);

const refusal = (context: Record<string, unknown>) => {
  try {
    configOf(context);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(context)}`);
};

describe('the payout sender', () => {
  it("refuses cdk.json's placeholder outside npm run synth, naming the context keys that fix it", () => {
    const message = refusal({});
    expect(message).toContain(`${PLACEHOLDER_SENDER} can never be verified by SES`);
    expect(message).toContain('stages.dev.senderEmail in cdk.json');
    expect(message).toContain('-c senderEmail=');
  });

  it('refuses a stage without a sender, naming that stage’s key', () => {
    const message = refusal({ stage: 'prod' });
    expect(message).toContain('stage prod has no sender address');
    expect(message).toContain('stages.prod.senderEmail');
  });

  it('refuses any address SES could never verify, and what is no address at all', () => {
    for (const address of ['payouts@uberpopug.test', 'a@mail.example.org', 'x@host.invalid']) {
      expect(refusal({ senderEmail: address })).toContain('can never be verified by SES');
    }
    for (const address of ['payouts', 'a@b', 'two words@x.com', 42]) {
      expect(refusal({ senderEmail: address })).toContain('is no e-mail address');
    }
  });

  it('lets LocalStack (nothing verified by mail there) have any sender', () => {
    expect(configOf({ target: 'localstack', stage: 'local' }).senderProblem).toContain(
      'stage local has no sender address',
    );
  });

  it('lets npm run synth (-c synthOnly=true) go on with the placeholder, saying why a deploy would not', () => {
    const config = configOf({ synthOnly: 'true' });
    expect(config.senderEmail).toBe(PLACEHOLDER_SENDER);
    expect(config.senderProblem).toContain('stages.dev.senderEmail');
    expect(configOf({ synthOnly: 'true', stage: 'qa' }).senderProblem).toContain(
      'stage qa has no sender address',
    );
  });

  it('gives each stage its own identity from cdk.json; -c senderEmail overrides for one command', () => {
    const stages = {
      dev: { senderEmail: 'payouts-dev@uberpopug.com' },
      prod: { senderEmail: 'payouts@uberpopug.com' },
    };
    expect(configOf({ stages }).senderEmail).toBe('payouts-dev@uberpopug.com');
    expect(configOf({ stages, stage: 'prod' }).senderEmail).toBe('payouts@uberpopug.com');
    expect(configOf({ stages, stage: 'prod' }).senderProblem).toBeUndefined();
    expect(
      configOf({ stages, stage: 'prod', senderEmail: 'payroll@uberpopug.com' }).senderEmail,
    ).toBe('payroll@uberpopug.com');
  });

  it('refuses two stages sending as one address: their SES identities would collide', () => {
    const stages = {
      dev: { senderEmail: 'payouts@uberpopug.com' },
      prod: { senderEmail: 'Payouts@uberpopug.com' },
    };
    const message = refusal({ stages, stage: 'prod', synthOnly: 'true' });
    expect(message).toContain('stages prod and dev both send as Payouts@uberpopug.com');
    expect(message).toContain('own stages.<stage>.senderEmail');
    // -c senderEmail is checked against the other stages too.
    expect(
      refusal({ stages: { dev: stages.dev }, stage: 'qa', senderEmail: 'payouts@uberpopug.com' }),
    ).toContain('stages qa and dev both send as payouts@uberpopug.com');
  });

  it('refuses a stages value that is not an object of per-stage settings', () => {
    expect(refusal({ stages: 'prod', senderEmail: 'a@uberpopug.com' })).toContain(
      'stages must be an object',
    );
  });
});

describe('the stage name', () => {
  it('refuses a name that cannot be part of every stack and resource name, saying what can', () => {
    for (const stage of ['Prod', 'prod_1', '1prod', 'a'.repeat(21), '', 'ünïcode']) {
      const message = refusal({ stage, senderEmail: 'payouts@uberpopug.com' });
      expect(message).toContain(`stage "${stage}" cannot name stacks and resources`);
      expect(message).toContain('lower-case letters, digits and dashes');
    }
  });
});

describe('the alarm e-mail', () => {
  it('is read per stage from cdk.json, and -c alarmEmail overrides it', () => {
    const stages = {
      dev: { senderEmail: 'payouts@uberpopug.com', alarmEmail: 'dev@uberpopug.com' },
    };
    expect(configOf({ stages }).alarmEmail).toBe('dev@uberpopug.com');
    expect(configOf({ stages, alarmEmail: 'pager@uberpopug.com' }).alarmEmail).toBe(
      'pager@uberpopug.com',
    );
    expect(configOf({ senderEmail: 'payouts@uberpopug.com' }).alarmEmail).toBeUndefined();
  });

  it('refuses what is no e-mail address, naming the keys that set it', () => {
    const message = refusal({ senderEmail: 'payouts@uberpopug.com', alarmEmail: 'oncall' });
    expect(message).toContain('alarmEmail "oncall" is no e-mail address');
    expect(message).toContain('stages.dev.alarmEmail');
  });
});
