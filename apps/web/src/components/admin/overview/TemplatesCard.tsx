import type { Overview } from '@hostbay/contract/admin';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';

/** The templates new hostings are restored from, per machine shape, and their state. */
export function TemplatesCard({ templates }: { templates: Overview['templates'] }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  return (
    <section className="card overview-card" aria-labelledby={titleId}>
      <h2 className="card-title" id={titleId}>
        {t('admin.overview.templates.title')}
      </h2>
      {templates.off !== null ? (
        <p>{t(`admin.overview.templates.off.${templates.off}`)}</p>
      ) : templates.shapes.length === 0 ? (
        <p>{t('admin.overview.templates.none')}</p>
      ) : (
        <ul className="template-list">
          {templates.shapes.map((shape) => (
            <li key={`${shape.vcpus}-${shape.memory_mb}-${shape.disk_gb}`}>
              <strong>
                {t('admin.overview.templates.shape', {
                  vcpus: shape.vcpus,
                  memory: shape.memory_mb,
                  disk: shape.disk_gb,
                })}
              </strong>
              <span className={shape.state === 'failed' ? 'form-error' : 'field-hint'}>
                {shape.state === 'ready'
                  ? t('admin.overview.templates.ready', {
                      time: shape.built_at ? formatDateTime(shape.built_at, i18n.language) : '',
                      seconds: Math.round(shape.build_seconds ?? 0),
                    })
                  : shape.state === 'failed'
                    ? t('admin.overview.templates.failed', { error: shape.error ?? '' })
                    : t(`admin.overview.templates.${shape.state}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">{t('admin.overview.templates.hint')}</p>
    </section>
  );
}
