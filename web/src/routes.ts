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

/** One task's page, `#/tasks/{id}`: reached from every list and audit-log entry naming a task. */
export const taskPath = (id: string) => `/tasks/${encodeURIComponent(id)}`;
const TASK_PATH = /^\/tasks\/([^/]+)$/;

/** The task id of a task page's path, or null for any other path. */
export function taskIdOf(path: string): string | null {
  const match = TASK_PATH.exec(path);
  return match ? decodeURIComponent(match[1]!) : null;
}

/** The page a path belongs to: a task page belongs to Tasks (its navigation link is current). */
export const pageOf = (path: string): Page | undefined =>
  PAGES.find((p) => p.path === path || (p.path === '/tasks' && taskIdOf(path) !== null));

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

/**
 * The page that was open when the session ended (or that a new tab was opened at): signing in
 * again returns there. Kept per tab, so a reload of the sign-in page still knows it.
 */
const RETURN_KEY = 'ates.return-to';

export function rememberReturn(path: string) {
  if (path !== '/' && path !== SIGN_IN) sessionStorage.setItem(RETURN_KEY, path);
}

/** The remembered page, once, if the signed-in role may open it. */
export function takeReturn(role: Role): string | null {
  const path = sessionStorage.getItem(RETURN_KEY);
  sessionStorage.removeItem(RETURN_KEY);
  const page = path ? pageOf(path) : undefined;
  return path && page && mayOpen(page, role) ? path : null;
}
