/**
 * Whether a running service serves its web UI (stack/services.ts `webUi`): the start page must
 * answer 200 with HTML. A binary built without the embedded UI answers its API but not this page
 * (Prometheus: 500 "Error opening React index.html"; Alloy: 404), so `status` can say so.
 */
import type { ServiceName } from '../../stack/services.ts';
import { services } from '../../stack/services.ts';
import { serviceUrl } from './health.ts';

export interface WebUiState {
  readonly url: string;
  readonly served: boolean;
  /** HTTP status and content type, or the connection error. */
  readonly detail: string;
}

export const webUiUrl = (service: ServiceName): string | undefined => {
  const path = services[service].webUi;
  return path === undefined ? undefined : `${serviceUrl(service)}${path}`;
};

/** Undefined for a service without a web UI. */
export async function probeWebUi(service: ServiceName, timeoutMs = 1500): Promise<WebUiState | undefined> {
  const url = webUiUrl(service);
  if (!url) return undefined;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    const type = response.headers.get('content-type') ?? 'no content type';
    return {
      url,
      served: response.ok && type.startsWith('text/html'),
      detail: `HTTP ${response.status}, ${type}`,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, served: false, detail: cause ?? (error as Error).message };
  }
}
