import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { i18n } from './i18n/i18n';
import { connectSession } from './lib/session';
import { createRouter } from './routes/router';

/**
 * Toasts follow actions on members' pages, never the first screen: the toaster loads beside it, so /login
 * does not wait for it (scripts/check-bundle.mjs).
 */
const Toaster = lazy(() => import('sonner').then((module) => ({ default: module.Toaster })));

/** Everything a screen needs around it: error boundary, i18n, server state, toasts. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  useEffect(() => connectSession(queryClient), [queryClient]);
  return (
    <ErrorBoundary>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          {children}
          <Suspense fallback={null}>
            {/* At the bottom: at the top they covered the header's account menu (375, 768 and 1280 pixels wide). */}
            <Toaster position="bottom-right" richColors closeButton duration={4000} />
          </Suspense>
        </QueryClientProvider>
      </I18nextProvider>
    </ErrorBoundary>
  );
}

export function App({ queryClient }: { queryClient: QueryClient }) {
  const [router] = useState(createRouter);
  return (
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
