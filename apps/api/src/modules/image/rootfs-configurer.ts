import path from 'node:path';
import type { ImageFs } from './image.ports.js';
import type { ImageRecipe } from './image-recipe.js';

/** Names kept when a folder is emptied: apt expects its lock and partial/ folders. */
const KEPT_ON_EMPTY = new Set(['partial', 'lock']);

/**
 * Applies the recipe's files, masks and removals to a debootstrapped rootfs,
 * as plain file operations: nothing is mounted and nothing runs inside it.
 * Every path is checked to stay inside the rootfs: an absolute symlink in the
 * guest (/etc/x -> /etc) would otherwise resolve against the host's root.
 */
export class RootfsConfigurer {
  constructor(private readonly fs: ImageFs) {}

  async apply(rootfs: string, recipe: ImageRecipe): Promise<void> {
    const root = await this.fs.realpath(rootfs);
    for (const file of recipe.files) {
      await this.fs.writeText(await this.entry(root, file.path), file.content, file.mode);
    }
    for (const unit of recipe.maskedUnits) {
      // What `systemctl mask` does: a link to /dev/null (a path inside the guest, never resolved here).
      await this.fs.symlink('/dev/null', await this.entry(root, `/etc/systemd/system/${unit}`));
    }
    for (const pattern of recipe.removedPaths) {
      const dir = await this.folder(root, path.dirname(pattern));
      const matcher = globMatcher(path.basename(pattern));
      for (const name of await this.fs.list(dir)) {
        if (matcher.test(name)) await this.fs.removeTree(path.join(dir, name));
      }
    }
    for (const guestDir of recipe.emptiedDirs) {
      const dir = await this.folder(root, guestDir);
      for (const name of await this.fs.list(dir)) {
        if (!KEPT_ON_EMPTY.has(name)) await this.fs.removeTree(path.join(dir, name));
      }
    }
  }

  /** Where a file (or link) at `guestPath` lives on the host; its folder must resolve inside the rootfs. */
  private async entry(root: string, guestPath: string): Promise<string> {
    const target = mapped(root, guestPath);
    await this.folder(root, path.dirname(guestPath));
    return target;
  }

  /** A guest folder on the host, resolved through its symlinks (or its nearest existing ancestor's). */
  private async folder(root: string, guestDir: string): Promise<string> {
    const dir = mapped(root, guestDir);
    let existing = dir;
    while (!(await this.fs.exists(existing))) existing = path.dirname(existing);
    const resolved = await this.fs.realpath(existing);
    if (resolved !== root && !resolved.startsWith(`${root}/`)) {
      throw new Error(`${guestDir} resolves outside the rootfs (${resolved})`);
    }
    return existing === dir ? resolved : dir;
  }
}

function mapped(root: string, guestPath: string): string {
  if (!path.isAbsolute(guestPath) || guestPath.split('/').includes('..')) {
    throw new Error(`guest path must be absolute without "..": ${guestPath}`);
  }
  return path.join(root, guestPath);
}

/** `*` in one path component; nothing else is special. */
function globMatcher(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}
