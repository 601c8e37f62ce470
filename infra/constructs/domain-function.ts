import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { DomainName } from '#events';
import { REPO_ROOT } from '../paths';
import { BUNDLING, LAMBDA_NODE_OPTIONS } from './bundling';

/** cdk-nag's id for the AWS managed policy every Lambda role gets for its logs. */
export const LAMBDA_BASIC_ROLE_FINDING =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** What every construct that builds a domain's functions is given, besides its own settings. */
export interface DomainFunctionContext {
  readonly domain: DomainName;
  readonly environment: Readonly<Record<string, string>>;
  /** Tests only, see DomainFunctionProps. */
  readonly placeholderIfMissing?: boolean;
}

/** The declaration's defaults for a function that asks for nothing more. */
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_TIMEOUT_SECONDS = 10;

export interface DomainFunctionProps {
  /** Handler file relative to the repository root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  /** Reserved concurrency (a floor kept for it and a ceiling); unset: the account's shared pool. */
  readonly reservedConcurrency?: number;
  /**
   * Tests only: stand in an inline function for a handler file that is not written yet, so the
   * rest of the template can be checked. The app never sets it: a missing handler fails synth.
   */
  readonly placeholderIfMissing?: boolean;
}

/**
 * One Lambda function of a domain: bundled from its handler file, its own log group with a
 * retention, and alarms on any error (a handler that throws is a failure somebody must see) and
 * on any throttled invocation.
 */
export class DomainFunction extends Construct {
  readonly function: lambda.Function;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: DomainFunctionProps) {
    super(scope, id);
    const entry = join(REPO_ROOT, props.entry);
    const nodeOptions: Record<string, string> = LAMBDA_NODE_OPTIONS
      ? { NODE_OPTIONS: LAMBDA_NODE_OPTIONS }
      : {};
    const common = {
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb ?? DEFAULT_MEMORY_MB,
      timeout: Duration.seconds(props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS),
      reservedConcurrentExecutions: props.reservedConcurrency,
      // Lambda traces each invocation (X-Ray): a request's path through the functions, timed.
      tracing: lambda.Tracing.ACTIVE,
      environment: { ...props.environment, ...nodeOptions },
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    };
    if (props.placeholderIfMissing && !existsSync(entry)) {
      Annotations.of(this).addWarningV2('ates:placeholder', `placeholder for ${props.entry}`);
      this.function = new lambda.Function(this, 'Function', {
        ...common,
        handler: 'index.handler',
        code: lambda.Code.fromInline(
          `exports.handler = async () => { throw new Error('placeholder'); };`,
        ),
      });
    } else {
      this.function = new NodejsFunction(this, 'Function', {
        ...common,
        entry,
        handler: 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
        bundling: BUNDLING,
      });
    }
    this.errorsAlarm = new cloudwatch.Alarm(this, 'Errors', {
      alarmDescription: `${props.entry} failed`,
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    // Lambda refused invocations: the reserved concurrency (or the account's) is used up.
    this.throttlesAlarm = new cloudwatch.Alarm(this, 'Throttles', {
      alarmDescription: `${props.entry} was throttled: its concurrency is used up`,
      metric: this.function.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    Validations.of(this).acknowledge(
      {
        id: LAMBDA_BASIC_ROLE_FINDING,
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch logs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active tracing: xray:PutTraceSegments and PutTelemetryRecords take no resource; Lambda adds them for its X-Ray daemon, not for the function code.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 22 is the runtime the project targets and tests (ARCHITECTURE: NODEJS_22_X); moving to 24 is a deliberate upgrade, not a drive-by.',
      },
    );
  }
}
