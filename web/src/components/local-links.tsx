import { useEffect, useState } from 'preact/hooks';

/**
 * On the local cloud (`npm start`, served from localhost), a link to its SES inbox, where the
 * payout e-mails of a close arrive, and to its metrics page (what an operator's CloudWatch
 * dashboard would show). The gateway's `/_local/health` names the inbox's URL; elsewhere
 * nothing is asked and nothing is shown.
 */
export function LocalLinks() {
  const [inbox, setInbox] = useState<string | null>(null);
  useEffect(() => {
    if (!['localhost', '127.0.0.1', '[::1]'].includes(location.hostname)) return;
    fetch('/_local/health')
      .then((response) => (response.ok ? response.json() : null))
      .then((health: { urls?: { sesInbox?: string } } | null) => {
        if (typeof health?.urls?.sesInbox === 'string') setInbox(health.urls.sesInbox);
      })
      .catch(() => undefined); // not the local cloud after all: no link
  }, []);
  if (!inbox) return null;
  return (
    <>
      {' · '}
      Local cloud: payout e-mails arrive in the <a href={inbox}>SES inbox</a>
      {' · '}
      <a href="/_local/metrics/page">metrics</a>
    </>
  );
}
