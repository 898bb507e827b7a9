import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface FallbackProps {
  error: Error;
  componentStack: string | null;
  showDetails: boolean;
  onReload: () => void;
}

export function ErrorFallback({ error, componentStack, showDetails, onReload }: FallbackProps) {
  const { t } = useTranslation();
  return (
    <div className="error-fallback" role="alert">
      <h1>{t('errorBoundary.title')}</h1>
      <p>{t('errorBoundary.body')}</p>
      <button type="button" className="btn btn-primary" onClick={onReload}>
        {t('errorBoundary.reload')}
      </button>
      {showDetails && (
        <details className="error-details">
          <summary>{t('errorBoundary.details')}</summary>
          <pre>
            {error.stack ?? String(error)}
            {componentStack}
          </pre>
        </details>
      )}
    </div>
  );
}

interface ErrorBoundaryProps {
  children: ReactNode;
  /** Stack traces are for developers: shown in development builds only by default. */
  showDetails?: boolean;
  onReload?: () => void;
}

interface ErrorBoundaryState {
  error: Error | null;
  componentStack: string | null;
}

/** Catches render errors anywhere below and shows a friendly page instead of a blank one. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, componentStack: null };

  static getDerivedStateFromError(error: Error): Partial<ErrorBoundaryState> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The dashboard crashed while rendering', error, info.componentStack);
    this.setState({ componentStack: info.componentStack ?? null });
  }

  override render(): ReactNode {
    const { error, componentStack } = this.state;
    if (!error) return this.props.children;
    return (
      <ErrorFallback
        error={error}
        componentStack={componentStack}
        showDetails={this.props.showDetails ?? import.meta.env.DEV}
        onReload={this.props.onReload ?? (() => window.location.reload())}
      />
    );
  }
}
