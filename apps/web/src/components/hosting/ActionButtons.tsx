import type { Hosting, HostingAction } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { errorMessage } from '../../api/errors';
import { useHostingAction } from '../../hooks/useHostingMutations';
import { canRun } from '../../lib/hosting-policy';
import { Button } from '../ui/Button';

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

/** Each button is enabled only in the states where the action makes sense. */
export function ActionButtons({ hosting, onRefresh, refreshing, onDelete }: ActionButtonsProps) {
  const { t } = useTranslation();
  const action = useHostingAction();

  const run = (name: HostingAction) =>
    action.mutate(name, {
      onSuccess: () => toast.success(t(DONE_MESSAGE[name])),
      onError: (error) => toast.error(errorMessage(error, t)),
    });
  const busy = (name: HostingAction) => action.isPending && action.variables === name;

  return (
    <div className="action-buttons" role="group" aria-label={t('hosting.actions.label')}>
      <Button icon="refresh" pending={refreshing} onClick={onRefresh} disabled={!canRun(hosting, 'refresh')}>
        {t('hosting.actions.refresh')}
      </Button>
      <Button
        icon="play"
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
        onClick={() => run('stop')}
      >
        {t('hosting.actions.stop')}
      </Button>
      <Button
        icon="reboot"
        pending={busy('reboot')}
        disabled={action.isPending || !canRun(hosting, 'reboot')}
        onClick={() => run('reboot')}
      >
        {t('hosting.actions.reboot')}
      </Button>
      <Button variant="danger" icon="trash" disabled={!canRun(hosting, 'delete')} onClick={onDelete}>
        {t('hosting.actions.delete')}
      </Button>
    </div>
  );
}
