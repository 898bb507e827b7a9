import { join } from 'node:path';
import type { Hosting } from '@hostbay/contract/hosting';
import type { Page } from 'playwright-core';
import { it } from 'vitest';
import { REPO_ROOT } from './api-server';

/** Where the slow tier's screenshots go (docs/screenshots/<name>-<width>.png), and the widths taken. */
export const SHOTS = join(REPO_ROOT, 'docs/screenshots');
export const WIDTHS = [375, 768, 1280] as const;

/**
 * Full-page screenshots of `target` at each width, taken from the top (a page scrolled to what it waited
 * for would draw the sticky header mid-shot) with no toast over the page; `ready` waits for what the shot
 * is of, at each width. The page is left at 1280 px.
 */
export async function shootAtWidths(target: Page, name: string, ready: (p: Page) => Promise<unknown>): Promise<void> {
  await target.locator('[data-sonner-toast]').first().waitFor({ state: 'detached', timeout: 15_000 });
  for (const width of WIDTHS) {
    await target.setViewportSize({ width, height: 900 });
    await ready(target);
    await target.evaluate(() => window.scrollTo(0, 0));
    await target.waitForTimeout(400);
    await target.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await target.setViewportSize({ width: 1280, height: 900 });
}

export interface ChecklistWatch {
  /** Every distinct state of the on-screen checklist, oldest first: `allocate:done write_seed:running …`. */
  snapshots(): Promise<string[]>;
}

interface WatchedWindow {
  __hostbaySteps?: string[];
}

/**
 * Records, inside the page, every state the provisioning checklist is
 * rendered in (a MutationObserver sees each React commit), so a test can tell
 * that the steps ticked by on screen rather than jumping straight to the end.
 * The page must not reload while watched: the dashboard is a single-page app.
 */
export async function watchChecklist(page: Page): Promise<ChecklistWatch> {
  await page.evaluate(() => {
    const watched = window as WatchedWindow;
    const seen: string[] = [];
    watched.__hostbaySteps = seen;
    const record = () => {
      const items = [...document.querySelectorAll<HTMLElement>('li[data-step]')];
      if (items.length === 0) return;
      const line = items
        .map((item) => {
          const state = [...item.classList].find((name) => name.startsWith('step-'))?.slice('step-'.length);
          return `${item.dataset.step}:${state}`;
        })
        .join(' ');
      if (seen.at(-1) !== line) seen.push(line);
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class'],
    });
  });
  return {
    snapshots: () => page.evaluate(() => [...((window as WatchedWindow).__hostbaySteps ?? [])]),
  };
}

export interface StepTimes {
  /** Seconds each step took, by name, as the API recorded them. */
  steps: Record<string, number | null>;
  /** From the hosting's creation (the POST) to the last step's end: when it became RUNNING. */
  postToRunningSeconds: number | null;
}

const seconds = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;

/** Per-step durations of the hosting's latest job, from `steps[].started_at/finished_at`. */
export function stepDurations(hosting: Hosting): StepTimes {
  const steps: Record<string, number | null> = {};
  for (const step of hosting.steps) {
    steps[step.name] = step.started_at && step.finished_at ? seconds(step.started_at, step.finished_at) : null;
  }
  const last = hosting.steps.at(-1)?.finished_at;
  return { steps, postToRunningSeconds: last ? seconds(hosting.created_at, last) : null };
}

/**
 * A scenario is one story told in chapters (tests) that depend on each other:
 * once a chapter fails, `explain` prints what a person would look at, and the
 * later chapters are skipped instead of each waiting out its timeout.
 */
export function story(explain: (chapter: string) => Promise<void>) {
  let failed = false;
  return (name: string, body: () => Promise<void>) =>
    it(name, async (ctx) => {
      if (failed) ctx.skip();
      try {
        await body();
      } catch (error) {
        failed = true;
        await explain(name).catch((problem: unknown) =>
          console.log(`could not explain the failure: ${String(problem)}`),
        );
        throw error;
      }
    });
}
