import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; `npx playwright install` cannot download here. */
export const CHROMIUM = '/usr/bin/chromium';

/** `extraArgs`: more Chromium flags, e.g. a host-resolver rule that sends every name to this machine. */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Waits (at most 3 s) until no CSS animation or transition runs: toasts and dialogs fading in or out. */
async function animationsSettled(page: Page): Promise<void> {
  await page
    .waitForFunction(() => document.getAnimations().every((animation) => animation.playState !== 'running'), null, {
      timeout: 3000,
    })
    .catch(() => undefined);
}

async function scan(page: Page) {
  await animationsSettled(page);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/**
 * axe findings of serious or critical impact on the page as it is now. Half-transparent text in a fade
 * (a toast that starts to leave during the scan) is not what people read: a finding counts when a second
 * scan, a moment later, finds it on the same element too.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  const first = await scan(page);
  if (first.length === 0) return [];
  await page.waitForTimeout(1000);
  const second = await scan(page);
  const key = (id: string, target: unknown[]) => `${id} ${JSON.stringify(target)}`;
  const seenTwice = new Set(first.flatMap((v) => v.nodes.map((node) => key(v.id, node.target))));
  return second
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes
        .filter((node) => seenTwice.has(key(violation.id, node.target)))
        .map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }))
    .filter((finding) => finding.targets.length > 0);
}
