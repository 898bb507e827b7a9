import type { HostKey } from './vm.ports.js';
import type { PublicAccess } from './vm.spec.js';
import { welcomePage } from './welcome-page.js';

/**
 * What makes a VM restored from a template the member's own, done inside the
 * guest in one program run through the guest agent (see VmService.personaliseVm).
 * It does what cloud-init does at a cold boot, to the same files, so the two
 * paths give the same machine: the member's user (sudo, key or password),
 * hostname, a fresh machine-id, fresh SSH host keys, the welcome page; and it
 * sets the clock and feeds host entropy to the kernel.
 */
export interface Personalisation {
  username: string;
  /** 32 hex digits, made by the host. */
  machineId: string;
  sshPublicKey?: string;
  passwordHash?: string;
  /** Host randomness written to /dev/urandom, in hex. */
  entropy: string;
  /** The host's clock, epoch seconds. */
  now: number;
  hostKeys: readonly HostKey[];
  /** For the welcome page's commands, as in the seed (seed-content.ts). */
  access?: PublicAccess;
}

/** The template's sshd setting that keeps it on the guest's loopback; personalisation removes it. */
export const TEMPLATE_SSHD_CONFIG = '/etc/ssh/sshd_config.d/00-hostbay-template.conf';

/**
 * Python, because the guest already has it (cloud-init) and one process does
 * all of it: under TCG each process a shell would start costs about 0.1 s, and
 * useradd alone 0.6 s. `-I -S`: nothing from the environment or site-packages,
 * so it starts in about 0.1 s. Values arrive as arguments and NUL-separated
 * standard input, never as code. Every file is replaced atomically, and a
 * second run (after a crash) gives the same result.
 */
const SCRIPT = String.raw`
import fcntl, os, signal, socket, sys, time
user, machine_id, password_hash, entropy, now, password_auth, template_sshd_config = sys.argv[1:8]
page, authorized_key, *host_keys = sys.stdin.buffer.read().split(b'\0')
time.clock_settime(time.CLOCK_REALTIME, float(now))
# Every VM restored from one template starts with the same kernel random state. Host randomness goes into
# the pool and RNDRESEEDCRNG (_IO('R', 7)) makes the kernel reseed its generator from it now, not minutes later.
with open('/dev/urandom', 'wb') as f:
    f.write(bytes.fromhex(entropy))
    f.flush()
    fcntl.ioctl(f.fileno(), 0x5207)

def write(path, data, mode, uid=0, gid=0):
    tmp = path + '.hostbay-new'
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, 'wb') as f:
        f.write(data)
    os.chown(tmp, uid, gid)
    os.chmod(tmp, mode)
    os.replace(tmp, path)

def lines(path):
    with open(path) as f:
        return f.read().splitlines()

def replace_entry(path, line):
    st = os.stat(path)
    kept = [l for l in lines(path) if l.split(':')[0] != user]
    write(path, ('\n'.join(kept + [line]) + '\n').encode(), st.st_mode & 0o7777, st.st_uid, st.st_gid)

write('/etc/machine-id', (machine_id + '\n').encode(), 0o444)
write('/etc/hostname', (user + '\n').encode(), 0o644)
socket.sethostname(user)
hosts = [l for l in lines('/etc/hosts') if not l.startswith('127.0.1.1')]
write('/etc/hosts', ('127.0.1.1 %s %s\n' % (user, user) + '\n'.join(hosts) + '\n').encode(), 0o644)

uid = None
for l in lines('/etc/passwd'):
    f = l.split(':')
    if f[0] == user:
        uid = int(f[2])
if uid is None:
    taken = {int(l.split(':')[2]) for p in ('/etc/passwd', '/etc/group') for l in lines(p) if l.count(':') >= 2}
    uid = next(i for i in range(1000, 60000) if i not in taken)
home = '/home/' + user
replace_entry('/etc/passwd', '%s:x:%d:%d::%s:/bin/bash' % (user, uid, uid, home))
replace_entry('/etc/group', '%s:x:%d:' % (user, uid))
replace_entry('/etc/shadow', '%s:%s:%d:0:99999:7:::' % (user, password_hash or '!', int(float(now)) // 86400))
replace_entry('/etc/gshadow', '%s:!::' % user)
os.makedirs(home, 0o755, exist_ok=True)
os.chown(home, uid, uid)
for name in os.listdir('/etc/skel'):
    with open('/etc/skel/' + name, 'rb') as f:
        write(home + '/' + name, f.read(), 0o644, uid, uid)
os.makedirs(home + '/.ssh', 0o700, exist_ok=True)
os.chown(home + '/.ssh', uid, uid)
if authorized_key:
    write(home + '/.ssh/authorized_keys', authorized_key + b'\n', 0o600, uid, uid)
write('/etc/sudoers.d/90-cloud-init-users', ('# Written by Hostbay\n%s ALL=(ALL) NOPASSWD:ALL\n' % user).encode(), 0o440)
write('/etc/ssh/sshd_config.d/50-hostbay-password.conf', ('PasswordAuthentication %s\n' % password_auth).encode(), 0o644)

for root, dirs, files in os.walk('/var/www/html'):
    for name in dirs + files:
        os.chown(os.path.join(root, name), uid, uid)
os.chown('/var/www/html', uid, uid)
write('/var/www/html/index.html', page, 0o644, uid, uid)

for name in os.listdir('/etc/ssh'):
    if name.startswith('ssh_host_'):
        os.unlink('/etc/ssh/' + name)
for i in range(0, len(host_keys) - 1, 3):
    kind, private, public = host_keys[i].decode(), host_keys[i + 1], host_keys[i + 2]
    write('/etc/ssh/ssh_host_%s_key' % kind, private, 0o600)
    write('/etc/ssh/ssh_host_%s_key.pub' % kind, public, 0o644)
# The template's sshd still runs, on the guest's loopback only (reachable by nobody outside, with the
# template's keys in its memory). Without its setting, SIGHUP makes it re-execute itself, read the new keys
# and listen for everyone: about 0.3 s under TCG, where a restart takes 1.5 s. One not running is started.
try:
    os.unlink(template_sshd_config)
except FileNotFoundError:
    pass
try:
    with open('/run/sshd.pid') as f:
        os.kill(int(f.read().strip()), signal.SIGHUP)
except (OSError, ValueError):
    pid = os.posix_spawn('/usr/bin/systemctl', ['systemctl', 'restart', 'ssh.service'], os.environ)
    sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
`;

/** The agent's argument vector and standard input for one personalisation. */
export function personalisationCommand(input: Personalisation): {
  argv: [string, ...string[]];
  stdin: string;
} {
  const argv: [string, ...string[]] = [
    '/usr/bin/python3',
    '-I',
    '-S',
    '-c',
    SCRIPT,
    input.username,
    input.machineId,
    input.passwordHash ?? '',
    input.entropy,
    input.now.toFixed(3),
    input.passwordHash === undefined ? 'no' : 'yes',
    TEMPLATE_SSHD_CONFIG,
  ];
  const keys = input.hostKeys.flatMap((key) => [key.type, key.privateKey, key.publicKey]);
  const page = welcomePage({
    username: input.username,
    login: input.passwordHash === undefined ? 'key' : 'password',
    ...(input.access ? { access: input.access } : {}),
  });
  const stdin = [page, input.sshPublicKey ?? '', ...keys].join('\0');
  return { argv, stdin };
}
