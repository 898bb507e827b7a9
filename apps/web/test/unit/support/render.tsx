import type { User } from '@hostbay/contract/user';
import { QueryClient } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, MemoryRouter, RouterProvider } from 'react-router';
import { AppProviders } from '../../../src/App';
import { api } from '../../../src/api/client';
import { routes } from '../../../src/routes/router';
import { useAuthStore } from '../../../src/stores/authStore';
import { makeUser } from './factories';

export const TEST_TOKEN = 'test-token';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** A signed-in session, as a reload would find it. */
export function signIn(user: User = makeUser()): User {
  api.setToken(TEST_TOKEN);
  useAuthStore.setState({
    user,
    expiresAt: Date.now() + 3_600_000,
    isAuthenticated: true,
    notice: null,
    noticeReason: null,
  });
  return user;
}

/** The whole dashboard at `path`, with the real routes, providers and toasts. */
export function renderApp(path: string, queryClient = testQueryClient()) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, router, queryClient };
}

/** One component inside the providers, with a router for its links (the hosting page links to its console). */
export function renderWithProviders(
  ui: ReactElement,
  queryClient = testQueryClient(),
): RenderResult & { queryClient: QueryClient } {
  return {
    ...render(
      <AppProviders queryClient={queryClient}>
        <MemoryRouter>{ui}</MemoryRouter>
      </AppProviders>,
    ),
    queryClient,
  };
}
