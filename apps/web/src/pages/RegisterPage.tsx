import type { SignupInfo } from '@hostbay/contract/signup';
import { invitationCounts } from '@hostbay/contract/signup-rules';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { toast } from 'sonner';
import { signupInfoQuery } from '../api/queries/signup';
import { Button } from '../components/ui/Button';
import { TextField } from '../components/ui/Field';
import { formErrors } from '../components/ui/form-errors';
import { LoadingState } from '../components/ui/PageStates';
import { useFocusFirstInvalid } from '../components/ui/use-focus-first-invalid';
import { selectRegister, useAuthStore } from '../stores/authStore';
import { AuthLayout } from './AuthLayout';

/**
 * The sign-up page says what applies here (HOSTBAY_SIGNUP) before anyone types:
 * no form when sign-up is closed or needs an invitation link that is missing
 * or spent; the accepted domains; that new accounts wait for approval. The
 * server still judges every sign-up.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const invite = params.get('invite');
  const info = useQuery(signupInfoQuery(invite));
  // Unknown (the page's information failed to load): send the token and let the server decide.
  const invitationMatters = info.data === undefined || invitationCounts(info.data.mode);

  let body;
  if (info.isPending) body = <LoadingState label={t('signup.loading')} />;
  else if (info.data?.mode === 'closed') body = <SignupNotice text={t('signup.closed')} />;
  else if (info.data?.mode === 'invite' && invite === null) body = <SignupNotice text={t('signup.inviteNeeded')} />;
  // A link that cannot be used says so where it counts: the server would refuse the sign-up that carries it.
  else if (info.data && invitationMatters && invite !== null && !info.data.invitation?.valid)
    body = <SignupNotice text={t('signup.inviteInvalid')} />;
  // Without the page's information (a network failure), the form is still offered: the server decides.
  else body = <RegisterForm info={info.data ?? null} invite={invitationMatters ? invite : null} />;

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
      {body}
    </AuthLayout>
  );
}

function SignupNotice({ text }: { text: string }) {
  return (
    <p className="callout callout-info" role="status">
      {text}
    </p>
  );
}

/** What applies, said above the form. */
function SignupNote({ info }: { info: SignupInfo }) {
  const { t } = useTranslation();
  // An invitation counts in every mode (no approval to wait for, no domain rule): it is what applies.
  if (info.invitation?.valid) {
    const email = info.invitation.email;
    return <SignupNotice text={email ? t('signup.invitedAs', { email }) : t('signup.invited')} />;
  }
  if (info.mode === 'domains')
    return <SignupNotice text={t('signup.domains', { domains: info.email_domains.join(', ') })} />;
  if (info.mode === 'approval') return <SignupNotice text={t('signup.approval')} />;
  return null;
}

function RegisterForm({ info, invite }: { info: SignupInfo | null; invite: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const register = useAuthStore(selectRegister);
  // An invitation bound to an address signs up only that address: it is filled in and cannot be changed.
  const boundEmail = info?.invitation?.email ?? null;
  const [form, setForm] = useState({ email: boundEmail ?? '', username: '', password: '' });

  const mutation = useMutation({
    mutationFn: () =>
      register({
        email: form.email.trim(),
        username: form.username.trim(),
        password: form.password,
        ...(invite === null ? {} : { invite }),
      }),
    onSuccess: (user) => {
      toast.success(t('auth.welcome', { name: user.username }));
      void navigate('/', { replace: true });
    },
  });
  const errors = formErrors(mutation.error, t);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, mutation.error);
  // The real address as it is typed; without the page's information (a network failure), only the rules.
  const username = form.username.trim().toLowerCase() || t('auth.usernameExample');
  const usernameHint = info
    ? t('auth.usernameHint', { address: `${username}.${info.site_domain}` })
    : t('auth.usernameRules');
  const update = (field: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate();
  };

  return (
    <>
      {info && <SignupNote info={info} />}
      {/* The server is the judge of every field; its messages appear at the fields. */}
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <TextField
          label={t('auth.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          readOnly={boundEmail !== null}
          value={form.email}
          hint={boundEmail !== null ? t('signup.emailFromInvitation') : undefined}
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
          hint={usernameHint}
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
    </>
  );
}
