import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapping } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces that name the TypeScript sources (`functions/auth/handlers/login.ts:12:5`) rather
 * than the minified bundle (`index.mjs:1:48211`), with the source map read only when a stack
 * trace is first formatted.
 *
 * Why not `NODE_OPTIONS=--enable-source-maps`: Node then reads and parses each bundle's map
 * (≈ 0.5 MB) at every cold start, +20–60 ms CPU of a load that prints no stack at all (see
 * docs/performance.md). `process.setSourceMapsEnabled(true)` called later does not help: Node
 * remembers a module's map only if source maps were on when the module was loaded.
 *
 * So V8's stack formatter is replaced by one that, for a frame in a file with a `.map` beside it
 * (how `infra/` ships every bundle: `index.mjs` and `index.mjs.map`), reads that map on first use
 * and prints the original place; a stack with no such frame is left to the formatter that was
 * there before (Node's, or a test runner's). Nothing changes where Node's source maps are
 * already on (tsx, the local cloud).
 */
export function mapStackTracesOnDemand(): void {
  if (process.sourceMapsEnabled || installed) return;
  installed = true;
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) =>
    frames.some((frame) => mapOf(frame.getFileName()))
      ? formatStack(error, frames)
      : previous
        ? previous(error, frames)
        : formatStack(error, frames);
}

let installed = false;

type CallSite = NodeJS.CallSite;
/** Node returns the original name too, where the map has one; @types/node 20 leaves it out. */
type Place = SourceMapping & { name?: string };

/** Each bundle's map, parsed once; `null` for a file with no map beside it. */
const maps = new Map<string, SourceMap | null>();

function mapOf(fileName: string | null): SourceMap | null {
  if (!fileName || fileName.startsWith('node:')) return null;
  let map = maps.get(fileName);
  if (map === undefined) {
    try {
      const path = fileName.startsWith('file:') ? fileURLToPath(fileName) : fileName;
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(fileName, map);
  }
  return map;
}

const found = (entry: SourceMapping | object): entry is Place => 'originalSource' in entry;

/** `functions/auth/x.ts` rather than the `../../../functions/auth/x.ts` esbuild writes. */
const readable = (source: string) => source.replace(/^(\.\.\/)+/, '');

/**
 * The function's original name, looked up as Node's own formatter does: at the start of its
 * body, else at the place its caller (the next frame, same file) calls it.
 */
function originalName(map: SourceMap, frame: CallSite, caller: CallSite | undefined) {
  const line = frame.getEnclosingLineNumber();
  const column = frame.getEnclosingColumnNumber();
  const enclosing = line && column ? map.findEntry(line - 1, column - 1) : {};
  if (found(enclosing) && enclosing.name) return enclosing.name;
  const callerLine = caller?.getLineNumber();
  const callerColumn = caller?.getColumnNumber();
  if (!caller || caller.getFileName() !== frame.getFileName() || !callerLine || !callerColumn)
    return undefined;
  const call = map.findEntry(callerLine - 1, callerColumn - 1);
  return found(call) ? call.name : undefined;
}

function formatFrame(frame: CallSite, caller: CallSite | undefined): string {
  const map = mapOf(frame.getFileName());
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!map || line === null || column === null) return frame.toString();
  const place = map.findEntry(line - 1, column - 1);
  if (!found(place)) return frame.toString();
  const name = originalName(map, frame, caller) || frame.getFunctionName();
  const location = `${readable(place.originalSource)}:${place.originalLine + 1}:${place.originalColumn + 1}`;
  const prefix = frame.isAsync() ? 'async ' : '';
  return name ? `${prefix}${name} (${location})` : `${prefix}${location}`;
}

function formatStack(error: Error, frames: NodeJS.CallSite[]): string {
  let header: string;
  try {
    header = Error.prototype.toString.call(error);
  } catch {
    header = '<error>';
  }
  const lines = frames.map((frame, i) => {
    try {
      return formatFrame(frame, frames[i + 1]);
    } catch {
      return frame.toString();
    }
  });
  return [header, ...lines].join('\n    at ');
}
