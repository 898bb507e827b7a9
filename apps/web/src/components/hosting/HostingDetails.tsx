import type { Hosting } from '@hostbay/contract/hosting';
import { isMoving, type MovingState } from '@hostbay/contract/hosting-states';
import type { ParseKeys } from 'i18next';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostingLiveState } from '../../hooks/useHostingStatus';
import { loadDomainMessages } from '../../i18n/domain-messages';
import { loadPublishMessages } from '../../i18n/publish-messages';
import { loadSnapshotMessages } from '../../i18n/snapshot-messages';
import { loadUsageMessages } from '../../i18n/usage-messages';
import { ActionButtons } from './ActionButtons';
import { HostingFailure } from './HostingFailure';
import { InfoCard } from './InfoCard';
import { LiveIndicator } from './LiveIndicator';
import { ProvisioningSteps } from './ProvisioningSteps';
import { QuickAccess } from './QuickAccess';
import { StateNotice } from './StateNotice';
import { StatusBadge } from './StatusBadge';

// Below the fold and not needed to see the hosting: the cards and their texts load after the first
// screen, outside its bundle budget (scripts/check-bundle.mjs).
const DomainsCard = lazy(() =>
  Promise.all([import('./domains/DomainsCard'), loadDomainMessages()]).then(([module]) => ({
    default: module.DomainsCard,
  })),
);
const SnapshotsCard = lazy(() =>
  Promise.all([import('./snapshots/SnapshotsCard'), loadSnapshotMessages()]).then(([module]) => ({
    default: module.SnapshotsCard,
  })),
);

const PublishCard = lazy(() =>
  Promise.all([import('./publish/PublishCard'), loadPublishMessages()]).then(([module]) => ({
    default: module.PublishCard,
  })),
);

const UsageCard = lazy(() =>
  Promise.all([import('./usage/UsageCard'), loadUsageMessages()]).then(([module]) => ({
    default: module.UsageCard,
  })),
);

/** A job is under way in the moving states: its checklist is shown with this title. */
const STEPS_TITLE: Record<MovingState, ParseKeys> = {
  CREATING: 'hosting.steps.title',
  DELETING: 'hosting.steps.titleDeleting',
  STARTING: 'hosting.steps.titleStarting',
  STOPPING: 'hosting.steps.titleStopping',
  RESTORING: 'hosting.steps.titleRestoring',
  REBOOTING: 'hosting.steps.titleRebooting',
};

interface HostingDetailsProps {
  hosting: Hosting;
  live: Pick<HostingLiveState, 'mode' | 'interval' | 'lastUpdated' | 'updateError'>;
  onRefresh: () => void;
  refreshing: boolean;
  onDelete: () => void;
}

export function HostingDetails({ hosting, live, onRefresh, refreshing, onDelete }: HostingDetailsProps) {
  const { t } = useTranslation();
  const stepsTitle = isMoving(hosting.status) ? STEPS_TITLE[hosting.status] : undefined;
  const showSteps = hosting.steps.length > 0 && (stepsTitle !== undefined || hosting.status === 'ERROR');
  return (
    <div className="hosting-details">
      <section className="card hosting-summary" aria-label={t('hosting.status.label')}>
        <div className="hosting-summary-head">
          <p className="hosting-url">{hosting.web_url}</p>
          <StatusBadge status={hosting.status} stopCause={hosting.stop_cause} />
        </div>
        <LiveIndicator {...live} />
        <ActionButtons hosting={hosting} onRefresh={onRefresh} refreshing={refreshing} onDelete={onDelete} />
      </section>
      <StateNotice hosting={hosting} />
      {hosting.status === 'ERROR' && <HostingFailure error={hosting.error} steps={hosting.steps} />}
      {showSteps && <ProvisioningSteps steps={hosting.steps} title={stepsTitle && t(stepsTitle)} />}
      <div className="detail-grid">
        <InfoCard hosting={hosting} />
        <QuickAccess hosting={hosting} />
      </div>
      {/* The commands need the SSH port, which the creation allocates; a hosting being deleted takes the site along. */}
      {hosting.ssh_port !== null && hosting.status !== 'DELETING' && (
        <Suspense fallback={null}>
          <PublishCard hosting={{ ...hosting, ssh_port: hosting.ssh_port }} />
        </Suspense>
      )}
      {/* Nothing has run before the machine is made; a hosting being deleted takes its readings with it. */}
      {hosting.status !== 'CREATING' && hosting.status !== 'DELETING' && (
        <Suspense fallback={null}>
          <UsageCard />
        </Suspense>
      )}
      {/* A hosting being deleted takes its domains with it: nothing to add or check. */}
      {hosting.status !== 'DELETING' && (
        <Suspense fallback={null}>
          <DomainsCard />
        </Suspense>
      )}
      {/* Nothing to copy before the disk is made; a hosting being deleted takes its snapshots with it. */}
      {hosting.status !== 'CREATING' && hosting.status !== 'DELETING' && (
        <Suspense fallback={null}>
          <SnapshotsCard hosting={hosting} />
        </Suspense>
      )}
    </div>
  );
}
