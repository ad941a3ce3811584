/**
 * The lab panel in the browser: shows progress on load, runs "Check my work" and "Show a hint"
 * through /api/labs/<id>, and renders the checker's per-check results (built with DOM nodes
 * and textContent only: checker output is never HTML).
 */
import type { CheckJson } from './check-json.ts';
import type { LabStrings } from './strings.ts';

interface StatusJson {
  readonly status?: {
    readonly started: boolean;
    readonly passedAt?: string;
    readonly lastCheck?: { readonly passed: boolean };
  };
  readonly hints: readonly string[];
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

async function call(url: string, init?: RequestInit): Promise<{ ok: boolean; body: unknown }> {
  try {
    const response = await fetch(url, init);
    return { ok: response.ok, body: (await response.json()) as unknown };
  } catch {
    return { ok: false, body: undefined };
  }
}

const errorOf = (body: unknown): string | undefined =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string'
    ? body.error
    : undefined;

export function mountLabPanel(panel: HTMLElement): void {
  const lab = panel.dataset['lab'] ?? '';
  const t = JSON.parse(panel.dataset['strings'] ?? '{}') as LabStrings;
  const url = `/api/labs/${encodeURIComponent(lab)}`;
  const progress = panel.querySelector<HTMLElement>('[data-progress]');
  const results = panel.querySelector<HTMLElement>('[data-results]');
  const hints = panel.querySelector<HTMLElement>('[data-hints]');
  const checkButton = panel.querySelector<HTMLButtonElement>('[data-check]');
  const hintButton = panel.querySelector<HTMLButtonElement>('[data-hint]');
  if (!progress || !results || !hints || !checkButton || !hintButton) return;

  const showHints = (list: readonly string[]): void => {
    hints.replaceChildren(...list.map((h) => element('li', h)));
  };
  const showStatus = (body: StatusJson): void => {
    const s = body.status;
    progress.textContent = s?.passedAt
      ? t.done
      : s?.lastCheck
        ? t.failing
        : s?.started
          ? t.started
          : t.notStarted;
    showHints(body.hints);
  };

  void call(url).then(({ ok, body }) => {
    if (ok) showStatus(body as StatusJson);
    else progress.textContent = errorOf(body) ?? t.unreachable;
  });

  checkButton.addEventListener('click', () => {
    checkButton.disabled = true;
    results.replaceChildren(element('p', t.checking));
    void call(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'check' }),
    })
      .then(({ ok, body }) => {
        if (!ok) {
          results.replaceChildren(element('p', errorOf(body) ?? t.unreachable, 'lab-fail'));
          return;
        }
        const report = body as CheckJson;
        const list = element('ul');
        for (const c of report.checks) {
          const item = element(
            'li',
            undefined,
            `lab-check ${c.status === 'pass' ? 'lab-pass' : c.status === 'fail' ? 'lab-fail' : ''}`,
          );
          item.append(
            element(
              'span',
              `${c.status === 'pass' ? '✓' : c.status === 'fail' ? '✗' : '·'} ${c.name}${c.detail ? ` · ${c.detail}` : ''}`,
            ),
          );
          if (c.message) item.append(element('div', c.message));
          if (c.output) item.append(element('pre', c.output));
          if (c.hint) item.append(element('div', `hint: ${c.hint}`));
          list.append(item);
        }
        results.replaceChildren(
          list,
          element(
            'p',
            `${report.passed ? 'PASS' : 'FAIL'} · ${(report.ms / 1000).toFixed(1)}s`,
            report.passed ? 'lab-pass' : 'lab-fail',
          ),
        );
        return call(url).then((status) => {
          if (status.ok) showStatus(status.body as StatusJson);
        });
      })
      .finally(() => {
        checkButton.disabled = false;
      });
  });

  hintButton.addEventListener('click', () => {
    void call(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'hint' }),
    }).then(({ ok, body }) => {
      if (ok) showHints((body as { shown?: string[] }).shown ?? []);
      else progress.textContent = errorOf(body) ?? t.unreachable;
    });
  });
}
