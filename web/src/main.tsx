import { render } from 'preact';
import { LocalLinks } from './components/local-links';
import { PageHeading } from './components/ui';
import { TIME_ZONE } from './format';
import { AccountingPage } from './pages/accounting';
import { AnalyticsPage } from './pages/analytics';
import { SignInPage } from './pages/sign-in';
import { TaskPage } from './pages/task';
import { TasksPage } from './pages/tasks';
import { UsersPage } from './pages/users';
import {
  mayOpen,
  navigate,
  pageOf,
  PAGES,
  rememberReturn,
  SIGN_IN,
  takeReturn,
  taskIdOf,
  useRoute,
  type Page,
} from './routes';
import { endSession, useSession, type Session } from './session';
import './styles.css';

function App() {
  const session = useSession();
  const path = useRoute();
  if (!session) {
    if (path !== SIGN_IN) {
      rememberReturn(path);
      navigate(SIGN_IN);
    }
    return <SignInPage />;
  }
  const page = pageOf(path);
  if (!page) {
    navigate(takeReturn(session.user.role) ?? '/tasks');
    return null;
  }
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header>
        <span class="brand">aTES</span>
        <nav aria-label="Pages">
          {PAGES.filter((p) => mayOpen(p, session.user.role)).map((p) => (
            <a key={p.path} href={`#${p.path}`} aria-current={p === page ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <span class="who">
          {session.user.name} <span class="role">{session.user.role}</span>
        </span>
        <button type="button" class="link" onClick={() => endSession()}>
          Sign out
        </button>
      </header>
      <main id="main">
        {mayOpen(page, session.user.role) ? (
          <PageBody path={path} session={session} />
        ) : (
          <NotAllowed page={page} session={session} />
        )}
      </main>
      <footer>
        Dates and times in the business time zone: {TIME_ZONE}
        <LocalLinks />
      </footer>
    </>
  );
}

/** The hash holds the route, so the skip link moves focus instead of navigating. */
function skipToMain(event: Event) {
  event.preventDefault();
  document.querySelector<HTMLElement>('main h1')?.focus();
}

function PageBody({ path, session }: { path: string; session: Session }) {
  const taskId = taskIdOf(path);
  if (taskId !== null) return <TaskPage key={taskId} id={taskId} session={session} />;
  switch (path) {
    case '/tasks':
      return <TasksPage session={session} />;
    case '/accounting':
      return <AccountingPage session={session} />;
    case '/analytics':
      return <AnalyticsPage />;
    case '/users':
      return <UsersPage session={session} />;
    default:
      return null;
  }
}

function NotAllowed({ page, session }: { page: Page; session: Session }) {
  return (
    <>
      <PageHeading title="Not allowed" />
      <p class="error" role="alert">
        {page.title} is for {page.roles.map((role) => `${role}s`).join(' and ')} only; you are
        signed in as a {session.user.role}.
      </p>
      <p>
        <a href="#/tasks">Go to your tasks</a>
      </p>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading aTES…" placeholder shown until this script ran
render(<App />, root);
