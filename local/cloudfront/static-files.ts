import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from '../../web/security-headers';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The dashboards as built by `npm run build:web` (`npm start` builds them first). The sources
 * in `web/` are never served: their index.html needs the build to run.
 */
export function webRootOf(repoRoot: string): string | undefined {
  const built = join(repoRoot, 'web', 'dist');
  return existsSync(join(built, 'index.html')) ? built : undefined;
}

/**
 * Serves a file under `root` for a GET; false when there is none (never outside `root`). The
 * pages carry the security headers CloudFront adds on AWS, so they run under the same policy.
 */
export async function serveStatic(
  root: string,
  pathname: string,
  response: ServerResponse,
  headOnly: boolean,
): Promise<boolean> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  let file = resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + sep)) return false;
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  const body = await readFile(file);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  response.end(headOnly ? undefined : body);
  return true;
}
