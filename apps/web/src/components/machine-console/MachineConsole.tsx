import type { TFunction } from 'i18next';
import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useMachineConsole, type MachineConsoleState } from '../../hooks/useMachineConsole';
import { Button } from '../ui/Button';
import { ConsoleTerminal, type ConsoleTerminalHandle, type ExtraKey } from './ConsoleTerminal';
import { ExtraKeys } from './ExtraKeys';
import { machineConsoleErrorMessage } from './machine-console-errors';

/**
 * The console of a running machine: the terminal, how the connection stands (and why it ended, with
 * "Connect again"), and the keys a phone lacks.
 */
export function MachineConsole({ vmName, account }: { vmName: string; account: string }) {
  const { t } = useTranslation();
  const terminal = useRef<ConsoleTerminalHandle>(null);
  const onOutput = useCallback((bytes: Uint8Array) => terminal.current?.write(bytes), []);
  const currentSize = useCallback(() => terminal.current?.size() ?? null, []);
  const { state, login, connect, sendInput, sendResize } = useMachineConsole({ onOutput, currentSize });

  const press = (key: ExtraKey) => {
    terminal.current?.press(key);
    terminal.current?.focus();
  };
  const connected = state.phase === 'connected';
  const over = state.phase === 'ended' || state.phase === 'dropped' || state.phase === 'failed';

  return (
    <section className="card console-card" aria-label={t('machineConsole.title')}>
      <p className="console-login">{t('machineConsole.loginAs', { login: login ?? account })}</p>
      <div className={over ? 'console-state console-state-over' : 'console-state'}>
        {/* Apart, not one element changing its role: an ending is announced at once, the rest politely. */}
        {over ? (
          <p role="alert" key="over">
            {stateText(state, t)}
          </p>
        ) : (
          <p role="status" key="live">
            {stateText(state, t)}
          </p>
        )}
        {over && (
          <Button variant="primary" icon="refresh" onClick={connect}>
            {t('machineConsole.connectAgain')}
          </Button>
        )}
      </div>
      <ConsoleTerminal
        ref={terminal}
        label={t('machineConsole.terminal', { name: vmName })}
        onData={sendInput}
        onResize={sendResize}
      />
      <ExtraKeys onPress={press} disabled={!connected} />
    </section>
  );
}

function stateText(state: MachineConsoleState, t: TFunction): string {
  switch (state.phase) {
    case 'connecting':
      return t('machineConsole.state.connecting');
    case 'connected':
      return t('machineConsole.state.connected');
    case 'ended':
      return t(`machineConsole.ended.${state.reason}`);
    case 'dropped':
      return t('machineConsole.state.disconnected');
    case 'failed':
      return t('machineConsole.state.failed', { message: machineConsoleErrorMessage(state.error, t) });
  }
}
