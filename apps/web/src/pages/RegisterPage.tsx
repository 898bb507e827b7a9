import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { toast } from 'sonner';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { formErrors } from '../components/ui/form-errors';
import { selectRegister, useAuthStore } from '../stores/authStore';
import { AuthLayout } from './AuthLayout';

export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const register = useAuthStore(selectRegister);
  const [form, setForm] = useState({ email: '', username: '', password: '' });

  const mutation = useMutation({
    mutationFn: () => register({ email: form.email.trim(), username: form.username.trim(), password: form.password }),
    onSuccess: (user) => {
      toast.success(t('auth.welcome', { name: user.username }));
      void navigate('/', { replace: true });
    },
  });
  const errors = formErrors(mutation.error, t);
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <AuthLayout
      title={t('auth.registerTitle')}
      subtitle={t('auth.registerSubtitle')}
      footer={
        <>
          {t('auth.haveAccount')} <Link to="/login">{t('auth.toLogin')}</Link>
        </>
      }
    >
      {/* The server is the judge of every field; its messages appear at the fields. */}
      <form className="form" onSubmit={submit} noValidate>
        <TextField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={form.email}
          error={errors.field('email')}
          onChange={update('email')}
        />
        <TextField
          label={t('auth.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={form.username}
          hint={t('auth.usernameHint')}
          error={errors.field('username')}
          onChange={update('username')}
        />
        <TextField
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={form.password}
          hint={t('auth.passwordHint')}
          error={errors.field('password')}
          onChange={update('password')}
        />
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <Button type="submit" variant="primary" className="btn-block" pending={mutation.isPending}>
          {mutation.isPending ? t('auth.registerPending') : t('auth.registerSubmit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
