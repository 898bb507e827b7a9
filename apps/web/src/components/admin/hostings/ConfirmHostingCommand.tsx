import type { HostingCommand } from '@hostbay/contract/hosting';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import type { HostingCommandRequest } from './useHostingCommand';

/** The commands that take something away from the owner (their running site, their files), so are confirmed. */
export type ConfirmedCommand = Exclude<HostingCommand, 'start'>;

export function needsConfirmation(command: HostingCommand): command is ConfirmedCommand {
  return command !== 'start';
}

interface ConfirmHostingCommandProps {
  /** The command waiting for an answer; null while none is. */
  request: (HostingCommandRequest & { command: ConfirmedCommand }) | null;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** "Stop alice's hosting?": names the owner, so the operator knows whose site goes away. */
export function ConfirmHostingCommand({ request, pending, onConfirm, onCancel }: ConfirmHostingCommandProps) {
  const { t } = useTranslation();
  const command = request?.command ?? 'stop';
  const owner = { owner: request?.hosting.owner.username ?? '', email: request?.hosting.owner.email ?? '' };
  return (
    <ConfirmDialog
      open={request !== null}
      onOpenChange={(open) => !open && onCancel()}
      title={t(`admin.hostings.${command}.title`, owner)}
      description={t(`admin.hostings.${command}.body`, owner)}
      confirmLabel={t(`admin.hostings.${command}.confirm`)}
      pendingLabel={t(`admin.hostings.${command}.pending`)}
      pending={pending}
      onConfirm={onConfirm}
    />
  );
}
