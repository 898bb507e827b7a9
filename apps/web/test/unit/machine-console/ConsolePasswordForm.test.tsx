import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsolePasswordForm } from '../../../src/components/machine-console/ConsolePasswordForm';
import { QuickAccess } from '../../../src/components/hosting/QuickAccess';
import { loadMachineConsoleMessages } from '../../../src/i18n/machine-console-messages';
import { useSettingsStore } from '../../../src/stores/settingsStore';
import { makeHosting } from '../support/factories';
import { apiPath, fail, ok, server } from '../support/msw-server';
import { renderWithProviders, signIn } from '../support/render';

const PASSWORD_PATH = apiPath('/hosting/my/console/password');

/** The form, with PUT /hosting/my/console/password answered by `answer`; returns the bodies sent. */
function renderForm(answer: () => Response) {
  const bodies: unknown[] = [];
  server.use(
    http.put(PASSWORD_PATH, async ({ request }) => {
      bodies.push(await request.json());
      return answer();
    }),
  );
  signIn();
  renderWithProviders(<ConsolePasswordForm account="alice" />);
  return bodies;
}

async function submit(password: string, labels = { field: 'New password for alice', button: 'Set password' }) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(labels.field), password);
  await user.click(screen.getByRole('button', { name: labels.button }));
}

describe('console password form', () => {
  beforeAll(() => loadMachineConsoleMessages());

  it('explains who needs it, sets the password, and says how to log in with it', async () => {
    const bodies = renderForm(() => ok(null));
    expect(screen.getByText(/If you made your hosting with an SSH key/)).toBeInTheDocument();
    await submit('correct horse battery');
    expect(await screen.findByText('Password set. Log in as alice with it.')).toBeInTheDocument();
    expect(bodies).toEqual([{ password: 'correct horse battery' }]);
    expect(screen.getByLabelText('New password for alice')).toHaveValue('');
  });

  it('shows a refused password at the field, in the member’s language', async () => {
    useSettingsStore.setState({ language: 'ko' });
    renderForm(() =>
      fail(422, 'validation_error', 'Invalid request.', {
        details: [
          {
            field: 'password',
            code: 'password_characters',
            message: 'Password may not contain control characters (line breaks, tabs).',
          },
        ],
      }),
    );
    await submit('tab\there!', { field: 'alice의 새 비밀번호', button: '비밀번호 정하기' });
    expect(await screen.findByText('비밀번호에는 제어 문자(줄바꿈, 탭)를 쓸 수 없습니다.')).toBeInTheDocument();
    expect(screen.getByLabelText('alice의 새 비밀번호')).toHaveAttribute('aria-invalid', 'true');
  });

  it.each([
    [
      503,
      'guest_agent_unavailable',
      'Your machine did not answer (it may still be starting, or its guest agent is stopped). Try again in a minute.',
    ],
    [
      409,
      'console_unavailable',
      'The console cannot be opened now: the machine is not running, or it was made before Hostbay had consoles (ask your operator).',
    ],
  ])('says a %i %s in words', async (status, code, words) => {
    renderForm(() => fail(status, code, 'The server’s own words.'));
    await submit('correct horse battery');
    expect(await screen.findByRole('alert')).toHaveTextContent(words);
  });
});

describe('the hosting page’s way to the console', () => {
  it('is offered while the machine runs, and not otherwise', () => {
    const { unmount } = renderWithProviders(<QuickAccess hosting={makeHosting('RUNNING')} />);
    expect(screen.getByRole('link', { name: 'Open the console' })).toHaveAttribute('href', '/hosting/console');
    unmount();
    renderWithProviders(<QuickAccess hosting={makeHosting('STOPPED')} />);
    expect(screen.getByRole('heading', { name: 'Quick access' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Open the console' })).not.toBeInTheDocument();
  });
});
