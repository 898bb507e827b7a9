import { LoginRequest, LoginResult, RegisterRequest } from '@hostbay/contract/auth';
import { ErrorResponse, standardResponse } from '@hostbay/contract/envelope';
import { User } from '@hostbay/contract/user';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate, requireUser } from '../authenticate.js';
import { ok } from '../envelope.js';
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

const errors = { 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse };

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { auth, limiter }) => {
  app.post(
    '/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account',
        body: RegisterRequest,
        response: { 201: standardResponse(User), ...errors },
      },
    },
    async (request, reply) => {
      const { email, username } = request.body;
      const user = await limiter.guardRegister(request.ip, email, username, () => auth.createUser(request.body));
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
        response: { 200: LoginResponse, ...errors },
      },
    },
    async (request) => {
      const email = (request.body.email ?? request.body.username ?? '').trim();
      const user = await limiter.guardLogin(request.ip, email, () =>
        auth.authenticateUser(email, request.body.password),
      );
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
        response: { 200: standardResponse(User), 401: ErrorResponse },
      },
    },
    async (request) => ok(presentUser(requireUser(request))),
  );
};
