import type { CloudUrls } from './local-cloud';
import type { RouteTable } from '../api-gateway/route-table';

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** What `/` shows until the dashboards exist in `web/`: where everything is. */
export function homePage(urls: CloudUrls, routes: RouteTable, deadLetters: number): string {
  const link = (url: string) => `<a href="${escape(url)}">${escape(url)}</a>`;
  const rows = routes.routes
    .map(
      ({ domain, route }) =>
        `<tr><td>${domain}</td><td><code>${route.method} ${escape(route.path)}</code></td><td>${escape(route.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aTES local cloud</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td{padding:.2rem .6rem;vertical-align:top}</style>
</head><body>
<h1>aTES — local cloud</h1>
<p>The dashboards appear here once <code>web/index.html</code> exists.</p>
<ul>
<li>API: ${link(urls.gateway)}</li>
<li>SES inbox: ${urls.sesInbox ? link(urls.sesInbox) : 'not running'}</li>
<li>DynamoDB Local: <code>${escape(urls.dynamodb)}</code></li>
<li>EventBridge (PutEvents): <code>${escape(urls.eventBridge)}</code></li>
<li>Health: ${link(`${urls.gateway}/_local/health`)}</li>
<li>Metrics: ${link(`${urls.gateway}/_local/metrics/page`)} (JSON: ${link(`${urls.gateway}/_local/metrics`)})</li>
<li>Dead letters (${deadLetters}): ${link(`${urls.gateway}/_local/dlq`)} — <code>npm run dlq</code></li>
<li>Business clock: ${link(`${urls.gateway}/_local/clock`)} — move it forward with <code>POST /_local/clock {"advance_ms": n}</code></li>
</ul>
<h2>Routes</h2>
<table>${rows}</table>
</body></html>`;
}
