import type { Figures, MetricsView } from './board';

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A count or an amount is summed; a duration or a rate reads better as its largest and mean. */
export function describeFigures(figures: Figures): string {
  if (figures.count === 0) return '–';
  if (figures.unit === 'Count' || figures.unit === 'None') return String(figures.sum);
  const mean = Math.round(figures.sum / figures.count);
  return `max ${figures.max}, mean ${mean} (${figures.count}×)`;
}

/** `/_local/metrics/page`: the figures of `GET /_local/metrics` as a table per domain. */
export function metricsPage(view: MetricsView): string {
  const sections = Object.entries(view.domains)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, metrics]) => {
      const rows = Object.entries(metrics)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([name, { total, lastHour }]) =>
            `<tr><td>${escape(name)}</td><td>${escape(total.unit)}</td><td>${escape(describeFigures(total))}</td><td>${escape(describeFigures(lastHour))}</td></tr>`,
        )
        .join('\n');
      const reasons = Object.entries(view.refusals[domain] ?? {})
        .map(([reason, count]) => `${escape(reason)} ${count}`)
        .join(', ');
      return `<h2>${escape(domain)}</h2>
<table><tr><th>metric</th><th>unit</th><th>since start</th><th>last hour</th></tr>
${rows}</table>${reasons ? `\n<p>Refused by reason: ${reasons}</p>` : ''}`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aTES local metrics</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td,th{padding:.2rem .6rem;text-align:left}td:nth-child(n+3){font-variant-numeric:tabular-nums}</style>
</head><body>
<h1>aTES — metrics of the local cloud</h1>
<p>What the functions printed (CloudWatch embedded metric format), per domain; the last hour by the business clock, now ${escape(view.now)}. JSON: <a href="/_local/metrics">/_local/metrics</a>. Names: docs/operations.md, "Metrics".</p>
${sections || '<p>Nothing recorded yet.</p>'}
</body></html>`;
}

/** The figures as lines for a terminal (what `npm run soak` prints at its end). */
export function metricsLines(view: MetricsView): string[] {
  return Object.entries(view.domains)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([domain, metrics]) => [
      `  ${domain}`,
      ...Object.entries(metrics)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, { total }]) => `    ${name.padEnd(24)} ${describeFigures(total)}`),
    ]);
}
