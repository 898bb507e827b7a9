import { HostingStatus } from '@hostbay/contract/hosting';
import { allowedActions } from '../../../src/modules/hosting/hosting.policy.js';
import { describe, expect, it } from 'vitest';
import {
  ACTION_RULES,
  assertTransition,
  canTransition,
  IllegalTransitionError,
  TRANSITIONS,
} from '../../../src/modules/hosting/hosting-state.js';

describe('the hosting transition table', () => {
  it('covers every status', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...HostingStatus.options].sort());
  });

  it.each([
    ['CREATING', 'RUNNING'],
    ['RUNNING', 'STOPPING'],
    ['STOPPING', 'STOPPED'],
    ['STOPPED', 'STARTING'],
    ['STARTING', 'RUNNING'],
    ['ERROR', 'DELETING'],
    ['DELETING', 'DELETED'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it.each([
    ['DELETED', 'RUNNING'],
    ['DELETED', 'CREATING'],
    ['CREATING', 'STOPPED'],
    ['STOPPED', 'STOPPING'],
    ['ERROR', 'RUNNING'],
    ['DELETING', 'RUNNING'],
    ['RUNNING', 'CREATING'],
  ] as const)('refuses %s → %s as a bug', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(IllegalTransitionError);
  });

  it('lets a hosting be deleted from every state but DELETED', () => {
    for (const status of HostingStatus.options) {
      if (status === 'DELETED' || status === 'DELETING') continue;
      expect(canTransition(status, 'DELETING'), status).toBe(true);
    }
  });

  it('only names action targets the table allows', () => {
    for (const [action, rule] of Object.entries(ACTION_RULES)) {
      for (const from of rule.from) {
        if (rule.to !== from) expect(canTransition(from, rule.to), `${action} from ${from}`).toBe(true);
      }
    }
  });
});

describe('allowedActions, the policy the dashboard shows', () => {
  it.each([
    ['CREATING', false, ['delete']],
    ['RUNNING', false, ['stop', 'reboot', 'delete']],
    ['STOPPED', false, ['start', 'delete']],
    ['STOPPING', false, ['delete']],
    ['DELETING', false, []],
    ['ERROR', false, ['delete']],
    ['ERROR', true, ['start', 'delete']],
  ] as const)('in %s (machine exists: %s) allows %j', (status, machine, expected) => {
    expect(allowedActions({ status }, machine).sort()).toEqual([...expected].sort());
  });
});
