/**
 * Stands in for `@smithy/core/event-streams` in Lambda bundles (an esbuild alias in
 * `infra/constructs/bundling.ts`). The SDK's protocols import that module only when an operation
 * streams events (Bedrock, Transcribe, S3 Select...); none of the operations aTES calls
 * (DynamoDB, EventBridge, SES) does, yet esbuild inlines the dynamic import into every bundle
 * (about 14 KiB). Should an event-stream operation ever be called, it fails loudly here.
 */
function notBundled(): never {
  throw new Error(
    'event streams are not bundled into aTES functions (infra/bundling/no-event-streams.ts)',
  );
}

export const eventStreamSerdeProvider = notBundled;

export class EventStreamSerde {
  constructor() {
    notBundled();
  }
}
