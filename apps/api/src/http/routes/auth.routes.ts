import { LoginRequest, LoginResult, RegisterRequest } from '@hostbay/contract/auth';
import { standardResponse } from '@hostbay/contract/envelope';
import { User } from '@hostbay/contract/user';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
import { errorResponses } from '../error-responses.js';
import { presentUser } from '../../modules/users/user.presenter.js';
import type { AuthRateLimiter } from '../../modules/auth/auth-rate-limiter.js';
import type { AuthService } from '../../modules/auth/auth.service.js';

export interface AuthRoutesOptions {
  auth: AuthService;
  limiter: AuthRateLimiter;
}

/** OAuth2 password-flow clients (Swagger UI) read these two fields at the top level. */
const LoginResponse = standardResponse(LoginResult).extend({
  access_token: z.string(),
  token_type: z.literal('bearer'),
});

// The statuses the services give; the ones every body or token implies are added for each route (error-responses.ts).
const registerErrors = errorResponses([409, 429], {
  409: 'The email or the username is taken (`email_taken`, `username_taken`).',
});
const loginErrors = errorResponses([401, 429], { 401: 'Incorrect email or password (`invalid_credentials`).' });

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, limiter }) => {
  app.post(
    '/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        body: RegisterRequest,
        response: { 201: standardResponse(User), ...registerErrors },
      },
    },
    async (request, reply) => {
      await limiter.beforeRegister(request.ip, request.body.email, request.body.username);
      const user = await auth.createUser(request.body);
      return reply.status(201).send(ok(presentUser(user), 'Account created.'));
    },
  );

  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in (JSON {email, password} or the OAuth2 password form)',
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: LoginRequest,
        response: { 200: LoginResponse, ...loginErrors },
      },
    },
    async (request) => {
      const email = (request.body.email ?? request.body.username ?? '').trim();
      await limiter.beforeLogin(request.ip, email);
      const user = await auth.authenticateUser(email, request.body.password).catch(async (error: unknown) => {
        await limiter.loginFailed(email);
        throw error;
      });
      await limiter.loginSucceeded(email);
      const { token, expiresIn } = await auth.createAccessToken(user);
      const data = {
        access_token: token,
        token_type: 'bearer' as const,
        expires_in: expiresIn,
        user: presentUser(user),
      };
      return { ...ok(data, 'Logged in.'), access_token: token, token_type: 'bearer' as const };
    },
  );

  app.get(
    '/me',
    {
      onRequest: authenticate(auth),
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        security: [{ bearer: [] }],
        response: { 200: standardResponse(User) },
      },
    },
    async (request) => ok(presentUser(requireUser(request))),
  );
};
