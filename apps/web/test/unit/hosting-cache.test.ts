import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { hostingKeys, storeHosting } from '../../src/api/queries/hosting';
import { makeCreated, makeHosting, makeSteps } from './support/factories';

const shown = (client: QueryClient) => client.getQueryData<ReturnType<typeof makeHosting> | null>(hostingKeys.my());

describe('the cached hosting', () => {
  it('keeps the newer snapshot when an older answer arrives after it', () => {
    const client = new QueryClient();
    // The event that the first step finished arrives before the create's own 202 (all steps pending).
    storeHosting(client, makeHosting('CREATING', { steps: makeSteps(1), updated_at: '2025-03-01T10:00:00.000Z' }));
    storeHosting(client, makeCreated('secret', { updated_at: '2025-03-01T10:00:00.000Z' }));
    expect(shown(client)?.steps.filter((s) => s.state === 'done')).toHaveLength(1);
    expect(shown(client)).not.toHaveProperty('initial_password');
  });

  it('takes a newer snapshot, another hosting, and "none"', () => {
    const client = new QueryClient();
    storeHosting(client, makeHosting('CREATING', { steps: makeSteps(2) }));
    storeHosting(client, makeHosting('CREATING', { steps: makeSteps(3) }));
    expect(shown(client)?.steps.filter((s) => s.state === 'done')).toHaveLength(3);
    storeHosting(client, makeHosting('RUNNING', { id: '7b4cf1f5-6a0e-4a53-8c5e-2d8f5a0c1e22', steps: makeSteps(0) }));
    expect(shown(client)?.id).toBe('7b4cf1f5-6a0e-4a53-8c5e-2d8f5a0c1e22');
    storeHosting(client, null);
    expect(shown(client)).toBeNull();
  });
});
