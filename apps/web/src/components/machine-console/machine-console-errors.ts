import type { ErrorCode } from '@hostbay/contract/envelope';
import type { TFunction } from 'i18next';
import { errorMessage, isApiError } from '../../api/errors';

/** The console's own refusals, said in the page's texts (they load with it, not with the first screen). */
const CONSOLE_CODES = [
  'console_unavailable',
  'console_ticket_invalid',
  'guest_agent_unavailable',
] as const satisfies readonly ErrorCode[];
type ConsoleCode = (typeof CONSOLE_CODES)[number];

export function isConsoleCode(code: string): code is ConsoleCode {
  return (CONSOLE_CODES as readonly string[]).includes(code);
}

/** A failed console call in words: the console's codes here, everything else as everywhere (errorMessage). */
export function machineConsoleErrorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error) && isConsoleCode(error.code)) return t(`machineConsole.errors.${error.code}`);
  return errorMessage(error, t);
}
