import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { formErrors } from '../components/ui/form-errors';
import { returnPath } from '../routes/guards';
import { selectClearNotice, selectLogin, selectNotice, useAuthStore, type SessionNotice } from '../stores/authStore';
import { AuthLayout } from './AuthLayout';

const NOTICE_TEXT = {
  session_expired: 'auth.sessionExpired',
  logged_out: 'auth.loggedOut',
  account_deleted: 'auth.accountDeleted',
} as const satisfies Record<SessionNotice, string>;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const login = useAuthStore(selectLogin);
  const notice = useAuthStore(selectNotice);
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
      {notice && (
        <p className="callout callout-info" role="status">
          {t(NOTICE_TEXT[notice])}
        </p>
      )}
      <form className="form" onSubmit={submit}>
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
        {errors.form && (
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
