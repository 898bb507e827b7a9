import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ConsolePasswordForm } from '../components/machine-console/ConsolePasswordForm';
import { MachineConsole } from '../components/machine-console/MachineConsole';
import { ErrorState, LoadingState } from '../components/ui/PageStates';
import { Icon } from '../components/ui/Icon';
import { useHostingStatus } from '../hooks/useHostingStatus';
import { PageHeader } from './PageHeader';
import '../styles/machine-console.css';

/**
 * The member's machine console (docs/users.md, "The console"): only while the hosting runs; otherwise
 * why not, and the way back. The hosting is followed live, so a machine that stops closes the console here too.
 */
export function MachineConsolePage() {
  const { t } = useTranslation();
  const live = useHostingStatus();
  const hosting = live.hosting;

  let body;
  if (live.isPending) body = <LoadingState label={t('machineConsole.loading')} />;
  else if (live.loadError)
    body = (
      <ErrorState title={t('machineConsole.loadFailed')} error={live.loadError} onRetry={() => void live.refetch()} />
    );
  else if (!hosting || hosting.status === 'DELETED')
    body = <p className="console-note">{t('machineConsole.noHosting')}</p>;
  else if (hosting.status !== 'RUNNING')
    body = (
      <p className="console-note" role="status">
        {t('machineConsole.notRunning', { status: t(`hosting.status.${hosting.status}`) })}
      </p>
    );
  else
    body = (
      <>
        <p className="field-hint console-intro">{t('machineConsole.serialLine')}</p>
        <MachineConsole vmName={hosting.vm_name} account={hosting.ssh_user} />
        <ConsolePasswordForm account={hosting.ssh_user} />
      </>
    );

  return (
    <div className="console-page">
      <PageHeader title={t('machineConsole.title')} subtitle={t('machineConsole.subtitle')}>
        <Link className="btn btn-secondary" to="/hosting">
          <Icon name="undo" />
          <span>{t('machineConsole.back')}</span>
        </Link>
      </PageHeader>
      {body}
    </div>
  );
}
