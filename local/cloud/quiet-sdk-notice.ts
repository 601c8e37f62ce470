/**
 * Imported first by the local entry points: the AWS SDK's notice that its Node 20 support ends
 * in 2027 would otherwise open every local run. The README says it once; Lambda runs Node 22.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
