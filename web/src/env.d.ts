/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/** The business time zone, baked in by vite.config.ts from ATES_TIMEZONE. */
declare const __ATES_TIMEZONE__: string;
