import type { Hosting, HostingAction } from '@hostbay/contract/hosting';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors';
import { useHostingAction } from '../../hooks/useHostingMutations';
import { canRun } from '../../lib/hosting-policy';
import { Button } from '../ui/Button';
import { ConfirmDialog } from '../ui/ConfirmDialog';

interface ActionButtonsProps {
  hosting: Hosting;
  onRefresh: () => void;
  refreshing: boolean;
  onDelete: () => void;
}

const DONE_MESSAGE = {
  start: 'hosting.actions.started',
  stop: 'hosting.actions.stopped',
  reboot: 'hosting.actions.rebooted',
} as const;

/** The actions that take the site down, and the question asked before each. */
const CONFIRMS = {
  stop: 'hosting.lifecycle.confirmStop',
  reboot: 'hosting.lifecycle.confirmReboot',
} as const;
type Confirmed = keyof typeof CONFIRMS;

/**
 * Each button is enabled only in the states where the action makes sense. Stop and reboot take the site
 * down, so they ask first; start is the way back for a stopped hosting and stands out while it is off.
 */
export function ActionButtons({ hosting, onRefresh, refreshing, onDelete }: ActionButtonsProps) {
  const { t } = useTranslation();
  const action = useHostingAction();
  const [confirming, setConfirming] = useState<Confirmed | null>(null);

  const run = (name: HostingAction) =>
    action.mutate(name, {
      onSuccess: () => {
        setConfirming(null);
        toast.success(t(DONE_MESSAGE[name]));
      },
      onError: (error) => {
        setConfirming(null);
        toast.error(errorMessage(error, t));
      },
    });
  const busy = (name: HostingAction) => action.isPending && action.variables === name;
  const texts = confirming && CONFIRMS[confirming];

  return (
    <div className="action-buttons" role="group" aria-label={t('hosting.actions.label')}>
      <Button icon="refresh" pending={refreshing} onClick={onRefresh} disabled={!canRun(hosting, 'refresh')}>
        {t('hosting.actions.refresh')}
      </Button>
      <Button
        icon="play"
        variant={hosting.status === 'STOPPED' ? 'primary' : 'secondary'}
        pending={busy('start')}
        disabled={action.isPending || !canRun(hosting, 'start')}
        onClick={() => run('start')}
      >
        {t('hosting.actions.start')}
      </Button>
      <Button
        icon="stop"
        pending={busy('stop')}
        disabled={action.isPending || !canRun(hosting, 'stop')}
        onClick={() => setConfirming('stop')}
      >
        {t('hosting.actions.stop')}
      </Button>
      <Button
        icon="reboot"
        pending={busy('reboot')}
        disabled={action.isPending || !canRun(hosting, 'reboot')}
        onClick={() => setConfirming('reboot')}
      >
        {t('hosting.actions.reboot')}
      </Button>
      <Button variant="danger" icon="trash" disabled={!canRun(hosting, 'delete')} onClick={onDelete}>
        {t('hosting.actions.delete')}
      </Button>
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => !open && setConfirming(null)}
        title={texts ? t(`${texts}.title`) : ''}
        description={texts ? t(`${texts}.body`) : ''}
        confirmLabel={texts ? t(`${texts}.confirm`) : ''}
        pendingLabel={texts ? t(`${texts}.pending`) : ''}
        pending={action.isPending}
        variant="primary"
        onConfirm={() => confirming && run(confirming)}
      />
    </div>
  );
}
