import { describe, expect, it } from 'vitest';
import { SignupClosedError } from '../../../src/modules/signup/signup.errors.js';
import { decideSignup, emailDomainAllowed } from '../../../src/modules/signup/signup.policy.js';
import { ValidationError } from '../../../src/errors.js';

describe('the sign-up policy', () => {
  const domains = ['school.example', 'staff.example'];

  it('accepts a listed domain in any case, and nothing else: no subdomain, no look-alike', () => {
    expect(emailDomainAllowed('pupil@school.example', domains)).toBe(true);
    expect(emailDomainAllowed('Pupil@SCHOOL.EXAMPLE', domains)).toBe(true);
    expect(emailDomainAllowed('pupil@lab.school.example', domains)).toBe(false);
    expect(emailDomainAllowed('pupil@evilschool.example', domains)).toBe(false);
    expect(emailDomainAllowed('pupil@school.example.test', domains)).toBe(false);
    // The domain is what follows the last @.
    expect(emailDomainAllowed('"a@school.example"@other.example', domains)).toBe(false);
  });

  it('decides by mode', () => {
    const email = 'pupil@school.example';
    expect(decideSignup({ mode: 'open', emailDomains: [] }, email)).toEqual({
      status: 'active',
      needsInvitation: false,
    });
    expect(decideSignup({ mode: 'approval', emailDomains: [] }, email).status).toBe('pending');
    expect(decideSignup({ mode: 'invite', emailDomains: [] }, email).needsInvitation).toBe(true);
    expect(decideSignup({ mode: 'domains', emailDomains: domains }, email).status).toBe('active');
    expect(() => decideSignup({ mode: 'domains', emailDomains: domains }, 'x@other.example')).toThrow(ValidationError);
    expect(() => decideSignup({ mode: 'closed', emailDomains: [] }, email)).toThrow(SignupClosedError);
    // An invitation: active at once in approval mode, any address in domains mode, still nothing when closed.
    expect(decideSignup({ mode: 'approval', emailDomains: [] }, email, true).status).toBe('active');
    expect(decideSignup({ mode: 'domains', emailDomains: domains }, 'x@other.example', true).status).toBe('active');
    expect(() => decideSignup({ mode: 'closed', emailDomains: [] }, email, true)).toThrow(SignupClosedError);
  });
});
