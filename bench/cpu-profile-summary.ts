/**
 * Where a CPU profile's time went, grouped by the part of the system (lib/profile-groups.ts):
 *
 *   ATES_BENCH_CPU_PROFILE=/tmp/lifecycle.cpuprofile npm run bench -- --quick --only lifecycle
 *   npx tsx bench/cpu-profile-summary.ts /tmp/lifecycle.cpuprofile [--top 15]
 *
 * Per group: self time (samples whose top frame is the group's), self time with Node's
 * internals and V8's builtins charged to the nearest caller of the project or a package
 * ("charged": a socket write the SDK asked for is the SDK's), and total time (samples with the
 * group anywhere on the stack, each sample once). Then the top functions by self and by total.
 * A stack here is synchronous: work a promise resumes is charged to what resumed it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { groupOf } from './lib/profile-groups';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '15' } },
});
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parent.set(child, node.id);
const group = (id: number) => {
  const { url, functionName } = byId.get(id)!.callFrame;
  return groupOf(url, functionName);
};
const name = (id: number) => {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const file = url.replace(/^file:\/\/\/work\/[^/]+\//, '').replace(/^.*node_modules\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
};
/** Not a caller anyone pays for: Node's internals, V8's builtins, the profile's root. */
const anonymous = (g: string) => g === 'node' || g === '(root)';

// Each sample lasts until the next one; the last as long as the average.
const ms = profile.samples.map((_, i) => (profile.timeDeltas[i + 1] ?? 0) / 1000);
ms[ms.length - 1] = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;

const self = new Map<string, number>();
const charged = new Map<string, number>();
const total = new Map<string, number>();
const fnSelf = new Map<string, number>();
const fnTotal = new Map<string, number>();
/** What Node does that no caller of the project's or a package's is on the stack for. */
const nodeKinds = new Map<string, number>();
const nodeKindOf = ({ functionName, url }: ProfileNode['callFrame']) =>
  /async_hooks/.test(url)
    ? 'async hooks (AsyncLocalStorage, promise hooks)'
    : /^(writev|writeUtf8String|writeBuffer|writevGeneric)$/.test(functionName) ||
        /stream_base_commons|streams\/writable/.test(url)
      ? 'socket writes'
      : /_http|net|streams\/readable|^execute$/.test(url + functionName)
        ? 'HTTP and socket reads'
        : /^(runMicrotasks|processTicksAndRejections)$/.test(functionName)
          ? 'microtasks (promise jobs)'
          : 'other';
const add = (map: Map<string, number>, key: string, value: number) =>
  map.set(key, (map.get(key) ?? 0) + value);
let busy = 0;
let all = 0;
profile.samples.forEach((leaf, i) => {
  const t = ms[i]!;
  all += t;
  const leafGroup = group(leaf);
  if (leafGroup === '(idle)') return;
  busy += t;
  add(self, leafGroup, t);
  add(fnSelf, `${leafGroup}  ${name(leaf)}`, t);
  const groups = new Set<string>();
  const fns = new Set<string>();
  let chargedTo: string | undefined;
  for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) {
    const g = group(id);
    groups.add(g);
    fns.add(`${g}  ${name(id)}`);
    if (chargedTo === undefined && !anonymous(g)) chargedTo = g;
  }
  add(charged, chargedTo ?? 'node', t);
  if (!chargedTo) add(nodeKinds, nodeKindOf(byId.get(leaf)!.callFrame), t);
  for (const g of groups) add(total, g, t);
  for (const f of fns) add(fnTotal, f, t);
});

const pct = (t: number) => `${((100 * t) / busy).toFixed(1)}%`.padStart(6);
const msOf = (t: number) => `${t.toFixed(0)} ms`.padStart(9);
console.log(
  `profile: ${(all / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (shares are of busy)\n`,
);
console.log(
  `${'group'.padEnd(46)} ${'self'.padStart(16)} ${'charged'.padStart(16)} ${'total'.padStart(16)}`,
);
const groups = [...charged.keys(), ...self.keys()].filter((g, i, a) => a.indexOf(g) === i);
for (const g of groups.sort((a, b) => (charged.get(b) ?? 0) - (charged.get(a) ?? 0))) {
  const cell = (m: Map<string, number>) => `${msOf(m.get(g) ?? 0)} ${pct(m.get(g) ?? 0)}`;
  console.log(`${g.padEnd(46)} ${cell(self)} ${cell(charged)} ${cell(total)}`);
}
console.log(`\n"node" above, by what it was doing (no caller of the project's on the stack)`);
for (const [kind, t] of [...nodeKinds].sort((a, b) => b[1] - a[1]))
  console.log(`${kind.padEnd(46)} ${msOf(t)} ${pct(t)}`);
const list = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [fn, t] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${msOf(t)} ${pct(t)}  ${fn}`);
};
list(`top ${top} functions by self time`, fnSelf);
list(
  `top ${top} functions by total time (outside Node's internals)`,
  new Map([...fnTotal].filter(([fn]) => !/^(node|\(root\)) {2}/.test(fn))),
);
