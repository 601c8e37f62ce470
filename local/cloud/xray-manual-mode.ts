/**
 * Imported first by the local entry points, before any function's code: the local cloud runs
 * every handler in this one process with Powertools Tracer off (no X-Ray daemon, see
 * `POWERTOOLS_TRACE_ENABLED` in local/lambda/function-environment.ts), yet the X-Ray SDK the
 * Tracer imports starts in its automatic mode at import, and that mode enables an async hook
 * (cls-hooked) with a destroy callback on every promise of the process, for contexts nobody
 * reads here. Measured in the lifecycle block: a sixth of the Node process's CPU. Manual mode
 * is read once, at the SDK's import, so it must be set before; on AWS (tracing on) nothing here
 * runs and the SDK keeps its automatic mode.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
