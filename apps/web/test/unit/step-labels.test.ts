import { JOB_STEP_NAMES } from '@hostbay/contract/step-names';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/messages/en';
import { ko } from '../../src/i18n/messages/ko';

describe('step labels', () => {
  it.each([
    ['English', en],
    ['Korean', ko],
  ])('names every step the API reports in %s', (_language, messages) => {
    const labels: Record<string, unknown> = messages.hosting.steps;
    for (const step of JOB_STEP_NAMES) expect(labels[step], step).toMatch(/\S/);
  });
});
