import { fileURLToPath } from 'node:url';

/** Declarations name handler files relative to the repository root; resolve them from here. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
