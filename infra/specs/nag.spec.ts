import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { nagFindingsOf } from '../test-support/nag';
import type { SynthesizedAtes } from '../test-support/synth';
import { testApp } from '../test-support/test-app';

export function nagSpecs(ates: SynthesizedAtes) {
  describe('cdk-nag AwsSolutions', () => {
    it('does find things (a bare queue breaks two rules), so silence below means something', () => {
      const app = testApp();
      new sqs.Queue(new Stack(app, 'Bare'), 'Queue');
      expect(nagFindingsOf(app).map((f) => f.split(' ')[0])).toStrictEqual(
        expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']),
      );
    });

    it('finds nothing unacknowledged in the stage as declared', () => {
      expect(nagFindingsOf(ates.app)).toStrictEqual([]);
    });

    it('checks the stage as a fresh clone builds it: no dashboards to upload, a warning saying so', () => {
      const web = ates.app.synth().getStackArtifact(ates.built.web.artifactId);
      expect(JSON.stringify(web.template)).not.toContain('Custom::CDKBucketDeployment');
      expect(JSON.stringify(web.messages)).toContain('no built dashboards in');
    });

    it('gives every acknowledgement a reason', () => {
      const acknowledged = ates.app.node
        .findAll()
        .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
        .flatMap((m) => Object.values(m.data as Record<string, string>));
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const reason of acknowledged) expect(reason.length).toBeGreaterThan(30);
    });
  });
}
