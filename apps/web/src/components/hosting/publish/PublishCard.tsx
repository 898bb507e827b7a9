import type { Hosting } from '@hostbay/contract/hosting';
import { publishCommands, WEB_ROOT } from '@hostbay/contract/publish-commands';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandLine } from '../CommandLine';

type System = 'unix' | 'windows';

/** The member's own system first; either is one click away (they may read here on a phone). */
function guessSystem(): System {
  return /Windows/i.test(navigator.userAgent) ? 'windows' : 'unix';
}

export type PublishableHosting = Pick<Hosting, 'ssh_user' | 'ssh_host' | 'ssh_auth' | 'web_url'> & { ssh_port: number };

/**
 * How to put a site on the machine, for someone who has never used a server: a five-minute first page, the
 * exact scp/sftp/rsync commands of this hosting for Linux and macOS or for Windows (OpenSSH is built in since
 * Windows 10), and what a graphical SFTP client asks for.
 */
export function PublishCard({ hosting }: { hosting: PublishableHosting }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [system, setSystem] = useState<System>(guessSystem);
  const commands = publishCommands({ user: hosting.ssh_user, host: hosting.ssh_host, port: hosting.ssh_port });
  const scp = system === 'windows' ? commands.scpWindows : commands.scpUnix;
  const copied = t('publish.copied');

  return (
    <section className="card publish-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('publish.title')}
      </h2>
      <p>{t('publish.intro', { root: WEB_ROOT })}</p>

      <div className="callout callout-info publish-first">
        <h3>{t('publish.firstPage.title')}</h3>
        <ol>
          <li>{t('publish.firstPage.folder')}</li>
          <li>
            {t('publish.firstPage.run')} {t(`publish.firstPage.login.${hosting.ssh_auth}`)}
          </li>
          <li>
            {t('publish.firstPage.open')}{' '}
            <a href={hosting.web_url} target="_blank" rel="noopener noreferrer">
              {hosting.web_url}
            </a>
          </li>
        </ol>
      </div>

      <fieldset className="radio-group publish-system">
        <legend>{t('publish.system.label')}</legend>
        <div className="publish-system-options">
          {(['unix', 'windows'] as const).map((choice) => (
            <label key={choice} className="radio">
              <input
                type="radio"
                name={`${titleId}-system`}
                value={choice}
                checked={system === choice}
                onChange={() => setSystem(choice)}
              />
              <span>{t(`publish.system.${choice}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="field-hint">{t(`publish.terminal.${system}`)}</p>

      <h3>{t('publish.commands.scp.title')}</h3>
      <CommandLine command={scp} copyLabel={t('publish.commands.scp.copy')} successMessage={copied} />
      <p className="field-hint">{t('publish.commands.scp.note', { root: WEB_ROOT })}</p>

      <h3>{t('publish.commands.sftp.title')}</h3>
      <CommandLine command={commands.sftp} copyLabel={t('publish.commands.sftp.copy')} successMessage={copied} />
      <p className="field-hint">{t('publish.commands.sftp.note', { root: WEB_ROOT })}</p>

      <h3>{t('publish.commands.rsync.title')}</h3>
      {system === 'windows' ? (
        <p className="field-hint">{t('publish.commands.rsync.windows')}</p>
      ) : (
        <>
          <CommandLine command={commands.rsync} copyLabel={t('publish.commands.rsync.copy')} successMessage={copied} />
          <p className="field-hint">{t('publish.commands.rsync.note')}</p>
        </>
      )}

      <h3>{t('publish.apps.title')}</h3>
      <p className="field-hint">{t('publish.apps.intro', { root: WEB_ROOT })}</p>
      <dl className="info-list publish-apps">
        <div className="info-row">
          <dt>{t('publish.apps.protocol')}</dt>
          <dd>SFTP</dd>
        </div>
        <div className="info-row">
          <dt>{t('publish.apps.host')}</dt>
          <dd>
            <code>{hosting.ssh_host}</code>
          </dd>
        </div>
        <div className="info-row">
          <dt>{t('publish.apps.port')}</dt>
          <dd>
            <code>{hosting.ssh_port}</code>
          </dd>
        </div>
        <div className="info-row">
          <dt>{t('publish.apps.user')}</dt>
          <dd>
            <code>{hosting.ssh_user}</code>
          </dd>
        </div>
        {hosting.ssh_auth === 'password' ? (
          <div className="info-row">
            <dt>{t('publish.apps.password')}</dt>
            <dd>{t('publish.apps.passwordValue')}</dd>
          </div>
        ) : (
          <div className="info-row info-row-wide">
            <dt>{t('publish.apps.key')}</dt>
            <dd>{t('publish.apps.keyValue')}</dd>
          </div>
        )}
        <div className="info-row">
          <dt>{t('publish.apps.folder')}</dt>
          <dd>
            <code>{WEB_ROOT}</code>
          </dd>
        </div>
      </dl>
    </section>
  );
}
