import {
  CfnOutput,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { ServiceDeclaration } from '#shared/declaration';
import {
  CONTENT_SECURITY_POLICY,
  FRAME_OPTIONS,
  HSTS_MAX_AGE_SECONDS,
  REFERRER_POLICY,
} from '../../web/security-headers';
import { LAMBDA_BASIC_ROLE_FINDING } from '../constructs/domain-function';
import { wildcardResourceFinding } from '../nag-findings';

export interface WebStackProps extends StackProps {
  /** `https://<id>.execute-api.<region>.amazonaws.com` */
  readonly apiEndpoint: string;
  readonly services: readonly ServiceDeclaration[];
  /** Built dashboards to upload; none yet means an empty bucket behind the distribution. */
  readonly contentDir?: string;
  readonly retainData: boolean;
}

/**
 * `/auth/...` and `/tasks` both belong to the API: one behaviour per first path segment of the
 * declared routes, `/<segment>*`, so the dashboards call the API on their own origin (no CORS).
 */
export const apiPathPatternsOf = (services: readonly ServiceDeclaration[]) => [
  ...new Set(
    services.flatMap((service) =>
      Object.values(service.routes).map((route) => `/${route.path.split('/')[1]}*`),
    ),
  ),
];

/** The dashboards: a private bucket behind CloudFront (origin access control), API same-origin. */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly bucket: s3.Bucket;
  readonly securityHeaders: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const bucket = (this.bucket = new s3.Bucket(this, 'Dashboards', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only built files live here; a stage that keeps no data keeps no bucket either.
      removalPolicy: props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retainData,
    }));
    const apiOrigin = new origins.HttpOrigin(Fn.select(2, Fn.split('/', props.apiEndpoint)), {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    });
    const securityHeaders = (this.securityHeaders = securityHeadersPolicy(this));
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      responseHeadersPolicy: securityHeaders,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      // Every answer is per caller: nothing is cached, and the API sees the caller's headers
      // (Authorization included) and query string, but not CloudFront's Host.
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `aTES dashboards (${id})`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: securityHeaders,
      },
      additionalBehaviors: Object.fromEntries(
        apiPathPatternsOf(props.services).map((pattern) => [pattern, apiBehavior]),
      ),
    });
    if (props.contentDir) {
      // An asset of our own rather than Source.asset: its bucket (CDK's asset bucket, named
      // after the account and region) is needed to name the upload function's finding below.
      const built = new s3assets.Asset(this, 'Built', { path: props.contentDir });
      new s3deploy.BucketDeployment(this, 'Upload', {
        sources: [s3deploy.Source.bucket(built.bucket, built.s3ObjectKey)],
        destinationBucket: bucket,
        distribution: this.distribution,
      });
      this.acknowledgeUploadFindings(built.bucket);
    }
    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The bucket holds only the built dashboards, read through CloudFront; there is no user data whose access needs an audit log.',
    });
    this.acknowledgeDistributionFindings();
  }

  /** CDK's upload function is a singleton at stack level; its policy is CDK's, not ours. */
  private acknowledgeUploadFindings(assetBucket: s3.IBucket) {
    const upload = this.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!upload) return;
    const copies =
      "CDK's upload function copies the built dashboards from CDK's asset bucket into this bucket and invalidates the distribution; its policy is CDK's own.";
    Validations.of(upload).acknowledge(
      {
        id: LAMBDA_BASIC_ROLE_FINDING,
        reason: 'AWSLambdaBasicExecutionRole only lets the upload function write its logs.',
      },
      { id: 'AwsSolutions-L1', reason: "The upload function's runtime is chosen by aws-cdk-lib." },
      ...[
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Resource::*',
      ]
        .map((finding) => `AwsSolutions-IAM5[${finding}]`)
        .concat(
          [assetBucket, this.bucket].map((b) =>
            wildcardResourceFinding(upload, b.arnForObjects('*')),
          ),
        )
        .map((id) => ({ id, reason: copies })),
    );
  }

  private acknowledgeDistributionFindings() {
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'An internal tool for one company; who may use it is decided by sign-in, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No WAF for a sandbox-sized internal tool; the API stage throttles, and a web ACL can be attached per stage when it goes public.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'API Gateway access logs record every API request; the static dashboards need no request log of their own.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a custom domain with its own certificate (minimum TLSv1.2_2021) lifts this.',
      },
    );
  }
}

/**
 * Every answer of the distribution, pages and API alike, carries the security headers of
 * web/security-headers.ts (the local gateway sends the same ones with the pages).
 */
function securityHeadersPolicy(scope: Construct) {
  return new cloudfront.ResponseHeadersPolicy(scope, 'SecurityHeaders', {
    comment: 'aTES: HSTS, nosniff, no framing, a content security policy for the dashboards',
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: {
        frameOption: cloudFrontValue(cloudfront.HeadersFrameOption, FRAME_OPTIONS),
        override: true,
      },
      referrerPolicy: {
        referrerPolicy: cloudFrontValue(cloudfront.HeadersReferrerPolicy, REFERRER_POLICY),
        override: true,
      },
    },
  });
}

/** CloudFront's enum member for a header value, so web/security-headers.ts stays the source. */
function cloudFrontValue<T extends string>(values: Record<string, T>, value: string): T {
  const known = Object.values(values).find((member) => member === value);
  if (!known) throw new Error(`CloudFront has no header value "${value}"`);
  return known;
}
