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
