// Imported first by scripts/soak.ts: the handlers' logger reads its level when its module loads,
// and the injected faults make every consumer log an error the soak expects.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
