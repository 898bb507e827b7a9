import path from 'node:path';
import nunjucks from 'nunjucks';
import { HOSTBAY_ROOT } from '../config/paths.js';
import type { SetupStatus } from '../modules/setup/setup-progress.js';
import { SETUP_MESSAGES, type SetupLanguage } from './setup-progress.messages.js';

/** Often enough to follow a step, rarely enough for a 2-core machine that is busy building. */
export const SETUP_REFRESH_SECONDS = 3;

const env = new nunjucks.Environment(
  new nunjucks.FileSystemLoader(path.join(HOSTBAY_ROOT, 'apps/api/templates/setup')),
  { autoescape: true, throwOnUndefined: true },
);

const MARKS = { done: '✓', running: '●', waiting: '○', failed: '✕' } as const;

/**
 * The language of the page: `?lang=` when the reader picked one, else the
 * first of Korean or English in Accept-Language (by its q-values), else English.
 */
export function setupLanguage(acceptLanguage: string | undefined, chosen: string | null): SetupLanguage {
  if (chosen === 'ko' || chosen === 'en') return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, order) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { primary: tag.split('-')[0], q: q === undefined ? 1 : Number(q), order };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  const found = ranked.find((entry) => entry.primary === 'ko' || entry.primary === 'en');
  return found?.primary === 'ko' ? 'ko' : 'en';
}

/** The set-up page: small, no scripts or outside assets, refreshing itself while the set-up runs. */
export function renderSetupPage(status: SetupStatus, lang: SetupLanguage): string {
  const t = SETUP_MESSAGES[lang];
  const label = (id: string, english: string) => t.labels[id] ?? english;
  const { current } = status;
  const number = current ? status.steps.findIndex((step) => step.id === current.id) + 1 : 0;
  return env.render('progress.html.njk', {
    lang,
    otherLang: lang === 'en' ? 'ko' : 'en',
    t,
    refreshSeconds: status.state === 'running' ? SETUP_REFRESH_SECONDS : 0,
    failure: status.failure?.message ?? '',
    current: current
      ? {
          stepOf: t.stepOf(number, status.steps.length),
          label: label(current.id, current.label),
          hasPercent: current.fraction !== null,
          percent: current.fraction === null ? 0 : Math.floor(current.fraction * 100),
          part: current.part
            ? `${t.partOf(current.part.number, current.part.count)}: ${label(current.part.id, current.part.label)}`
            : '',
          activity: current.activity ?? '',
          elapsed: t.elapsedInStep(t.duration(current.elapsed_seconds)),
        }
      : null,
    next: status.next ? label(status.next.id, status.next.label) : '',
    steps: status.steps.map((step) => ({
      label: label(step.id, step.label),
      state: step.state,
      mark: MARKS[step.state],
      stateWord: t.stateWords[step.state],
    })),
    elapsed: t.elapsedInAll(t.duration(status.elapsed_seconds)),
  });
}
