/** The languages visitors' pages exist in; English is the default. */
export const VISITOR_LANGUAGES = ['en', 'ko'] as const;
export type VisitorLanguage = (typeof VISITOR_LANGUAGES)[number];

/** Longer than any real header; what is past it is ignored, so a huge header costs nothing. */
const MAX_HEADER_LENGTH = 512;

/**
 * The visitor's language from Accept-Language (RFC 9110 §12.5.4): the supported language with
 * the highest q-value, the earlier one on a tie; English when the header names neither (or is
 * garbage). `ko-KR` counts as `ko`; `*` counts as English; `q=0` refuses a language.
 */
export function visitorLanguage(header: string | undefined): VisitorLanguage {
  if (!header) return 'en';
  let best: { language: VisitorLanguage; q: number } | undefined;
  for (const part of header.slice(0, MAX_HEADER_LENGTH).split(',')) {
    const [range = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const language = supported(range);
    if (!language) continue;
    const q = quality(params);
    if (q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}

function supported(range: string): VisitorLanguage | undefined {
  if (range === '*') return 'en';
  const primary = range.split('-')[0];
  return VISITOR_LANGUAGES.find((language) => language === primary);
}

/** The q parameter (default 1); a malformed one counts as 0, so that garbage never wins. */
function quality(params: readonly string[]): number {
  const q = params.find((param) => param.startsWith('q='));
  if (q === undefined) return 1;
  const value = q.slice(2);
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
}
