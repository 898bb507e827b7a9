import { LoginRequest, LoginResult, RegisterRequest, TokenErrorResponse, TokenResponse } from '@hostbay/contract/auth';
import { ErrorResponse, standardResponse } from '@hostbay/contract/envelope';
import { SignupInfo, SignupInfoQuery } from '@hostbay/contract/signup';
import { User } from '@hostbay/contract/user';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import { checkPasswordGrant, isTokenRequest, TOKEN_RESPONSE_HEADERS, tokenResponse } from '../oauth2.js';
import { InvalidCredentialsError } from '../../errors.js';
import { presentUser } from '../../modules/users/user.presenter.js';
import type { AuthRateLimiter } from '../../modules/auth/auth-rate-limiter.js';
import type { AuthService } from '../../modules/auth/auth.service.js';
import type { SignupService } from '../../modules/signup/signup.service.js';

export interface AuthRoutesOptions {
  auth: AuthService;
  limiter: AuthRateLimiter;
  signup: SignupService;
}

/** The JSON login's answer; the token's two fields are at the top level too, as in an OAuth2 answer. */
const LoginResponse = standardResponse(LoginResult)
  .extend({
    access_token: z.string(),
    token_type: z.literal('bearer'),
  })
  .describe('JSON login: the standard envelope.');

// The statuses the services give; the ones every body or token implies are added for each route (error-responses.ts).
const registerErrors = errorResponses([403, 409, 422, 429], {
  403:
    'Sign-up is not open to this request: closed (`signup_closed`), or an invitation is needed ' +
    '(`invitation_required`) and the one sent cannot be used (`invitation_invalid`).',
  409: 'The email or the username is taken (`email_taken`, `username_taken`).',
  422:
    'A field is not valid: `error.details` names each one (`validation_error`); among them an email outside ' +
    'the accepted domains (`email_domain_not_allowed`) or not the one the invitation is for (`invitation_email_mismatch`).',
});

/**
 * The login's answers: a JSON login gets the envelope, a form-encoded OAuth2
 * password grant gets RFC 6749's token response or error (see http/oauth2.ts).
 * The envelope comes first in each union: the serializer keeps the first that
 * fits, and only the envelope has `error: null`.
 */
const loginResponses = {
  200: z
    .union([LoginResponse, TokenResponse])
    .describe('Logged in. JSON: the envelope. OAuth2 form: a token response (no error member, no-store).'),
  400: z
    .union([ErrorResponse, TokenErrorResponse])
    .describe(
      'JSON: the body is not JSON (invalid_json). OAuth2 form: invalid_grant (wrong email or password), ' +
        'invalid_request (missing, repeated or malformed parameters) or unsupported_grant_type (another grant_type).',
    ),
  401: ErrorResponse.describe('JSON only: wrong email or password (invalid_credentials).'),
  422: ErrorResponse.describe('JSON only: the body is not valid (validation_error, with field details).'),
  429: z
    .union([ErrorResponse, TokenErrorResponse])
    .describe(
      'Too many attempts, or too many password checks in flight from this address; Retry-After says when to ' +
        'try again. The envelope for JSON, an OAuth2 error (invalid_request) for the form.',
    ),
};

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, limiter, signup }) => {
  app.get(
    '/signup',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Who may sign up here (and whether an invitation link still works)',
        description:
          'The sign-up mode (HOSTBAY_SIGNUP), the accepted email domains in `domains` mode and, asked with ' +
          '`?invite=<token>` in `invite` mode, whether that invitation can be used and which email it is for.',
        querystring: SignupInfoQuery,
        response: { 200: standardResponse(SignupInfo) },
      },
    },
    async (request) => ok(await signup.info(request.query.invite)),
  );

  app.post(
    '/register',
    {
      config: { access: 'public', audit: 'auth.register' },
      // Before the body is validated: an address past its failures is refused without reading the form.
      preValidation: async (request) => limiter.checkRegisterFailures(request.ip),
      // Every refusal the member could cause counts: an invalid form, a taken name, sign-up closed.
      // Not 429 (the limits' own answer) nor 5xx (the server's fault). Counted before the answer leaves,
      // so that the next attempt already sees it.
      onSend: async (request, reply, payload) => {
        if (reply.statusCode >= 400 && reply.statusCode < 500 && reply.statusCode !== 429)
          await limiter.registerFailed(request.ip);
        return payload;
      },
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        body: RegisterRequest,
        response: { 201: standardResponse(User), ...registerErrors },
      },
    },
    async (request, reply) => {
      const { email, username } = request.body;
      request.auditTarget = { kind: 'user', id: null, name: username };
      const user = await limiter.guardRegister(request.ip, email, username, () => signup.register(request.body));
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      const message =
        user.status === 'pending' ? 'Account created; it waits for an administrator’s approval.' : 'Account created.';
      return reply.status(201).send(ok(presentUser(user), message));
    },
  );

  app.post(
    '/login',
    {
      config: { oauth2TokenEndpoint: true, access: 'public', audit: 'auth.login' },
      preValidation: checkPasswordGrant,
      schema: {
        tags: ['auth'],
        summary: 'Log in (JSON {email, password} or the OAuth2 password grant)',
        description:
          'JSON {email, password} answers in the standard envelope. A form-encoded OAuth2 password grant ' +
          '(RFC 6749 section 4.3: grant_type=password, username = the email, password) answers as an OAuth2 ' +
          'token endpoint: section 5.1 on success, section 5.2 errors with status 400 (429 when rate limited).',
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: LoginRequest,
        response: loginResponses,
      },
    },
    async (request, reply) => {
      const email = (request.body.email ?? request.body.username ?? '').trim();
      // The account tried, by the address given: a failed login names no one else.
      request.auditTarget = { kind: 'user', id: null, name: email.slice(0, 254) };
      const user = await limiter
        .guardLogin(request.ip, email, () => auth.authenticateUser(email, request.body.password))
        .catch((error: unknown) => {
          // A wrong password for an account that exists is recorded against it: its owner sees it in their activity.
          if (error instanceof InvalidCredentialsError && error.account)
            request.auditTarget = { kind: 'user', id: error.account.id, name: email.slice(0, 254) };
          throw error;
        });
      request.auditActor = { kind: 'user', id: user.id, name: user.username };
      request.auditTarget = { kind: 'user', id: user.id, name: user.username };
      const { token, expiresIn } = await auth.createAccessToken(user);
      const data = {
        access_token: token,
        token_type: 'bearer' as const,
        expires_in: expiresIn,
        user: presentUser(user),
      };
      if (isTokenRequest(request)) return reply.headers(TOKEN_RESPONSE_HEADERS).send(tokenResponse(data, 'Logged in.'));
      return { ...ok(data, 'Logged in.'), access_token: token, token_type: 'bearer' as const };
    },
  );

  app.get(
    '/me',
    {
      config: { access: 'user' },
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        response: { 200: standardResponse(User) },
      },
    },
    async (request) => ok(presentUser(requireUser(request))),
  );
};
