import { ALL_FAULTS, type FaultOptions } from './faults';

/** The keys of `ATES_FAULTS`, each naming one numeric option (`everyKindOnce` is a test's). */
const FAULT_KEYS: Record<string, Exclude<keyof FaultOptions, 'everyKindOnce'>> = {
  seed: 'seed',
  copies: 'deliveryCopies',
  reorder: 'reorderWindow',
  before: 'consumerFailBefore',
  after: 'consumerFailAfter',
  overrun: 'consumerOverrun',
  entries: 'putEventsEntryFailure',
  calls: 'putEventsCallFailure',
  throttle: 'dynamoThrottle',
  busthrottle: 'putEventsThrottle',
  ondemand: 'dynamoOnDemand',
  sesthrottle: 'sesThrottle',
  sesreject: 'sesReject',
};

/**
 * Reads a fault list: `all`, `none`, or comma-separated `key=value` pairs (`copies=2`,
 * `reorder=16`, `before=0.1`, `after=0.1`, `overrun=0.05`, `entries=0.1`, `calls=0.05`,
 * `throttle=0.05`, `busthrottle=0.05`, `ondemand=0.01`, `sesthrottle=0.05`, `sesreject=0.02`,
 * `seed=7`), which may
 * follow `all` to change one of its values (`all,seed=7,before=0.2`).
 */
export function parseFaults(text: string | undefined): FaultOptions | undefined {
  if (!text || text === 'none') return undefined;
  let options: FaultOptions = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (!part) continue;
    if (part === 'all') {
      options = { ...ALL_FAULTS, ...options };
      continue;
    }
    const [key, value] = part.split('=');
    const option = FAULT_KEYS[key ?? ''];
    const number = Number(value);
    if (!option || value === undefined || !Number.isFinite(number) || number < 0) {
      throw new Error(
        `ATES_FAULTS: "${part}" is not a fault (use all, none or ${Object.keys(FAULT_KEYS)
          .map((k) => `${k}=N`)
          .join(', ')})`,
      );
    }
    const isRate = option !== 'seed' && option !== 'deliveryCopies' && option !== 'reorderWindow';
    if (isRate && number > 1) throw new Error(`ATES_FAULTS: ${key} is a fraction (0-1)`);
    options[option] = number;
  }
  return options;
}

/** ATES_FAULTS for `npm start`. */
export const faultsFromEnvironment = () => parseFaults(process.env.ATES_FAULTS);
