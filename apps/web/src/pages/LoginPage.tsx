import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { formErrors } from '../components/ui/form-errors';
import { useFocusFirstInvalid } from '../components/ui/use-focus-first-invalid';
import { suspensionOf } from '../api/errors';
import { SuspendedNotice } from '../components/account/SuspendedNotice';
import { returnPath } from '../routes/guards';
import {
  selectClearNotice,
  selectLogin,
  selectNotice,
  selectNoticeReason,
  useAuthStore,
  type SessionNotice,
} from '../stores/authStore';
import { AuthLayout } from './AuthLayout';

const NOTICE_TEXT = {
  session_expired: 'auth.sessionExpired',
  logged_out: 'auth.loggedOut',
  account_deleted: 'auth.accountDeleted',
  // Shown as SuspendedNotice, with the reason, instead of this line.
  account_suspended: 'auth.sessionExpired',
} as const satisfies Record<SessionNotice, string>;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const login = useAuthStore(selectLogin);
  const notice = useAuthStore(selectNotice);
  const noticeReason = useAuthStore(selectNoticeReason);
  const clearNotice = useAuthStore(selectClearNotice);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const mutation = useMutation({
    mutationFn: () => login(email.trim(), password),
    onSuccess: (user) => {
      toast.success(t('auth.welcome', { name: user.username }));
      void navigate(returnPath(location.state), { replace: true });
    },
  });
  const errors = formErrors(mutation.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, mutation.error);
  // Signed out because of it, or refused at login (only after a correct password): the same notice.
  const suspension =
    suspensionOf(mutation.error) ?? (notice === 'account_suspended' ? { reason: noticeReason } : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    clearNotice();
    mutation.mutate();
  };

  return (
    <AuthLayout
      title={t('auth.loginTitle')}
      subtitle={t('auth.loginSubtitle')}
      footer={
        <>
          {t('auth.noAccount')} <Link to="/register">{t('auth.toRegister')}</Link>
        </>
      }
    >
      {suspension ? (
        <SuspendedNotice reason={suspension.reason} />
      ) : (
        notice && (
          <p className="callout callout-info" role="status">
            {t(NOTICE_TEXT[notice])}
          </p>
        )
      )}
      <form className="form" onSubmit={submit} ref={formRef}>
        <TextField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={errors.field('email') ?? errors.field('username')}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          error={errors.field('password')}
          onChange={(event) => setPassword(event.target.value)}
        />
        {errors.form && !suspensionOf(mutation.error) && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <Button type="submit" variant="primary" className="btn-block" pending={mutation.isPending}>
          {mutation.isPending ? t('auth.loginPending') : t('auth.loginSubmit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
