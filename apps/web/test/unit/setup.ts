import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import '../../src/i18n/i18n';
import { useAuthStore } from '../../src/stores/authStore';
import { useSettingsStore } from '../../src/stores/settingsStore';
import { server } from './support/msw-server';

// jsdom lacks these; Radix's popper and dialogs call them.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub;

// jsdom has no media queries: uPlot and xterm.js follow the screen's pixel ratio through one.
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener() {},
    removeEventListener() {},
    addListener() {},
    removeListener() {},
    dispatchEvent: () => false,
  }) as MediaQueryList;

// jsdom does not draw: a 2D context whose drawing calls do nothing, and whose text is 7 px a character,
// for uPlot's charts (what a test checks is the text beside them).
HTMLCanvasElement.prototype.getContext = function getContext(this: HTMLCanvasElement) {
  const measureText = (text: string) => ({ width: text.length * 7 }) as TextMetrics;
  return new Proxy({ canvas: this, measureText } as object, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : () => undefined),
    set: () => true,
  });
} as unknown as HTMLCanvasElement['getContext'];
// The paths uPlot draws with: here they record nothing.
class Path2DStub {
  constructor() {
    return new Proxy(this, { get: (target, key) => (key in target ? Reflect.get(target, key) : () => undefined) });
  }
}
globalThis.Path2D ??= Path2DStub as unknown as typeof Path2D;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  useSettingsStore.setState({ language: 'en' });
});
afterEach(() => {
  cleanup();
  server.resetHandlers();
  window.localStorage.clear();
  useAuthStore.setState({ user: null, expiresAt: null, isAuthenticated: false, notice: null, noticeReason: null });
});
afterAll(() => server.close());
