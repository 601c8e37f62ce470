/** One metric of an EMF line: its name, unit and the values the line carries for it. */
export interface EmfMetric {
  name: string;
  unit: string;
  values: number[];
}

/** What the local cloud keeps of one line in CloudWatch's embedded metric format. */
export interface EmfRecord {
  timestamp: number;
  namespace: string;
  dimensions: Record<string, string>;
  metrics: EmfMetric[];
  /** Keys that are neither dimensions nor metrics (`function`, Powertools' metadata). */
  metadata: Record<string, unknown>;
}

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit?: string }[];
}

/**
 * Reads a line as CloudWatch Logs would: an EMF document is a JSON object whose `_aws` holds
 * `Timestamp` and `CloudWatchMetrics`, with dimension and metric values as root keys. Anything
 * else (a log line, a half line, JSON of another shape) is not a metric: undefined.
 */
export function parseEmfLine(line: string): EmfRecord | undefined {
  if (!line.startsWith('{"_aws"')) return undefined;
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const aws = document._aws as { Timestamp?: number; CloudWatchMetrics?: EmfDirective[] };
  const directive = aws?.CloudWatchMetrics?.[0];
  if (typeof aws?.Timestamp !== 'number' || !directive) return undefined;
  const dimensionKeys = new Set(directive.Dimensions.flat());
  const metricKeys = new Set(directive.Metrics.map((m) => m.Name));
  const dimensions = Object.fromEntries(
    [...dimensionKeys].map((key) => [key, String(document[key])]),
  );
  const metrics = directive.Metrics.map((m) => {
    const value = document[m.Name];
    const values = (Array.isArray(value) ? value : [value]).filter(
      (v): v is number => typeof v === 'number',
    );
    return { name: m.Name, unit: m.Unit ?? 'None', values };
  });
  const metadata = Object.fromEntries(
    Object.entries(document).filter(
      ([key]) => key !== '_aws' && !dimensionKeys.has(key) && !metricKeys.has(key),
    ),
  );
  return {
    timestamp: aws.Timestamp,
    namespace: directive.Namespace,
    dimensions,
    metrics,
    metadata,
  };
}
