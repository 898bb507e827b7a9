import type { StandardResponse } from '@hostbay/contract/envelope';
import type { CreatedHosting, Hosting, HostingStatus } from '@hostbay/contract/hosting';

/** A person's session against a running Hostbay, through its public port (the edge). */
export class ApiSession {
  private token = '';
  /** Every response body this session received, as text: lets a test prove what a user never saw. */
  readonly transcript: string[] = [];

  constructor(private readonly port: number) {}

  async call<T>(method: string, path: string, body?: object): Promise<{ status: number; body: StandardResponse<T> }> {
    const send = () =>
      fetch(`http://127.0.0.1:${this.port}/api/v1${path}`, {
        method,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    let res: Response;
    try {
      res = await send();
    } catch (error) {
      // A Hostbay killed and started again on the same port leaves fetch a kept-alive connection to the
      // dead process ("other side closed"): a GET is asked again, once, on a new one.
      if (method !== 'GET' || !isClosedConnection(error)) throw error;
      res = await send();
    }
    const text = await res.text();
    this.transcript.push(text);
    return { status: res.status, body: JSON.parse(text) as StandardResponse<T> };
  }

  async signUp(username: string): Promise<void> {
    const email = `${username}@example.org`;
    const password = 'a long enough password';
    const registered = await this.call('POST', '/auth/register', { email, username, password });
    if (registered.status !== 201) throw new Error(`register: ${JSON.stringify(registered.body)}`);
    await this.logIn(email, password);
  }

  async logIn(email: string, password: string): Promise<void> {
    const login = await this.call<{ access_token: string }>('POST', '/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login: ${JSON.stringify(login.body)}`);
    this.token = login.body.data?.access_token ?? '';
  }

  create(sshPublicKey?: string) {
    return this.call<CreatedHosting>('POST', '/hosting', sshPublicKey ? { ssh_public_key: sshPublicKey } : {});
  }

  my() {
    return this.call<Hosting>('GET', '/hosting/my');
  }

  action(action: 'start' | 'stop' | 'reboot') {
    return this.call<Hosting>('POST', '/hosting/my/actions', { action });
  }

  remove() {
    return this.call<Hosting>('DELETE', '/hosting/my');
  }

  /** Polls until GET /hosting/my answers 404: the hosting is deleted. */
  async waitGone(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = await this.my();
    while (last.status !== 404) {
      if (Date.now() > deadline) throw new Error(`still there after ${timeoutMs} ms: ${JSON.stringify(last.body)}`);
      await new Promise((r) => setTimeout(r, 1000));
      last = await this.my();
    }
  }

  /** Polls until the hosting is in one of `statuses`; records every step state seen on the way. */
  async waitFor(statuses: HostingStatus[], timeoutMs: number, seen: string[] = []): Promise<Hosting> {
    const deadline = Date.now() + timeoutMs;
    let last: Hosting | null = null;
    while (Date.now() < deadline) {
      last = (await this.my()).body.data;
      if (last) {
        const line = `${last.status} ${last.steps.map((s) => `${s.name}:${s.state}`).join(' ')}`;
        if (seen.at(-1) !== line) seen.push(line);
        if (statuses.includes(last.status)) return last;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`not ${statuses.join('/')} after ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
  }
}

function isClosedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET';
}
