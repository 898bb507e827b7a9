import { VALIDATION_MESSAGE_CODES } from '@hostbay/contract/validation-messages';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/messages/en';
import { ko } from '../../src/i18n/messages/ko';

describe('validation labels', () => {
  it.each([
    ['English', en],
    ['Korean', ko],
  ])('says every field error the API codes in %s', (_language, messages) => {
    const labels: Record<string, unknown> = messages.validation;
    for (const code of VALIDATION_MESSAGE_CODES) expect(labels[code], code).toMatch(/\S/);
    expect(Object.keys(labels).sort()).toEqual([...VALIDATION_MESSAGE_CODES].sort());
  });
});
