/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/** The business time zone, baked in by vite.config.ts from ATES_TIMEZONE. */
declare const __ATES_TIMEZONE__: string;

/**
 * Stylesheets are imported for their effect (Vite bundles them); TypeScript checks that a
 * side-effect import resolves (`noUncheckedSideEffectImports`), and this says a `.css` does.
 */
declare module '*.css';
