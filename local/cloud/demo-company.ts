import type { Role } from '#events';

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

/**
 * The demo company `npm start` creates: 1 admin, 1 manager, 1 accountant, 5 workers. The
 * passwords are fixed and public on purpose (this is a local playground): `popug-<local part>`.
 */
export const DEMO_COMPANY: readonly DemoLogin[] = [
  { email: 'admin@uberpopug.test', password: 'popug-admin', role: 'admin', name: 'Ara Admin' },
  {
    email: 'manager@uberpopug.test',
    password: 'popug-manager',
    role: 'manager',
    name: 'Macaw Manager',
  },
  {
    email: 'accountant@uberpopug.test',
    password: 'popug-accountant',
    role: 'accountant',
    name: 'Amazona Accountant',
  },
  ...['Kiwi', 'Kea', 'Kakapo', 'Lory', 'Budgie'].map((name, i) => ({
    email: `worker${i + 1}@uberpopug.test`,
    password: `popug-worker${i + 1}`,
    role: 'worker' as const,
    name: `${name} Worker`,
  })),
];
