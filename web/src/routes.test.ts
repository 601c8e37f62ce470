import { describe, expect, it } from 'vitest';
import { pageOf, taskIdOf, taskPath } from './routes';

describe('task page routes', () => {
  it('reads the task id of #/tasks/{id} and nothing else', () => {
    const id = '7d1f3c2e-2a4b-4c1d-9e8f-0a1b2c3d4e5f';
    expect(taskIdOf(taskPath(id))).toBe(id);
    expect(taskIdOf('/tasks')).toBeNull();
    expect(taskIdOf('/tasks/')).toBeNull();
    expect(taskIdOf(`/tasks/${id}/complete`)).toBeNull();
    expect(taskIdOf('/accounting')).toBeNull();
  });

  it('counts a task page as part of Tasks (its navigation link, who may open it)', () => {
    expect(pageOf(taskPath('x'))?.path).toBe('/tasks');
    expect(pageOf('/users')?.path).toBe('/users');
    expect(pageOf('/nowhere')).toBeUndefined();
  });
});
