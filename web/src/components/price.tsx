import type { Task } from '../types';
import { Money } from './ui';

/** A task's fee and reward, or "pricing…" until Accounting has priced it. */
export function PriceCell({ task }: { task: Pick<Task, 'fee_cents' | 'reward_cents'> }) {
  if (task.fee_cents === null || task.reward_cents === null)
    return <span class="muted">pricing…</span>;
  return (
    <span>
      fee <Money cents={-task.fee_cents} /> · reward <Money cents={task.reward_cents} />
    </span>
  );
}
