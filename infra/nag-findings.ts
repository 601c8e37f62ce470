import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
// cdk-nag's own spelling of a policy's resource, the string its acknowledgements are matched on.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';

/**
 * The finding AwsSolutions-IAM5 reports for a wildcard `resource` in a policy of `scope`'s
 * stack. cdk-nag spells an unresolved region or account as `<AWS::Region>` and a known one as
 * itself, so one ARN reads three ways: with no environment (the in-process tests), with only
 * a region (the CDK CLI always sets one, us-east-1 when nothing is configured) and with an
 * account. An acknowledgement written out by hand matches only one of them; this one matches
 * the environment the stack is synthesized for.
 */
export const wildcardResourceFinding = (scope: IConstruct, resource: string) =>
  `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
