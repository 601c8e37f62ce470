import { useEffect, useState } from 'preact/hooks';
import type { Role } from './session';

export interface Page {
  path: string;
  title: string;
  /** Who may open it; the API enforces the same rules, this only keeps the navigation honest. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ['admin', 'manager', 'accountant', 'worker'];

/**
 * Hash routes (`#/tasks`): the API owns `/tasks*`, `/auth*`, `/accounting*` and `/analytics*` on
 * this origin (CloudFront sends them to API Gateway), so page URLs must never use those paths.
 */
export const PAGES: readonly Page[] = [
  { path: '/tasks', title: 'Tasks', roles: EVERYONE },
  { path: '/accounting', title: 'Accounting', roles: EVERYONE },
  { path: '/analytics', title: 'Analytics', roles: ['admin'] },
  { path: '/users', title: 'Users', roles: ['admin'] },
];

export const SIGN_IN = '/sign-in';

export const mayOpen = (page: Page, role: Role) => page.roles.includes(role);

const currentPath = () => location.hash.replace(/^#/, '') || '/';

export function navigate(path: string) {
  if (currentPath() !== path) location.hash = path;
}

export function useRoute(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return path;
}
