import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/**
 * libvirt's QEMU save image (qemu_saveimage.h): a 92-byte header (the magic
 * `LibvirtQemudSave`, then version, data_len, was_running, compressed,
 * cookieOffset and unused words, little-endian 32-bit), `data_len` bytes
 * holding the domain XML and the migration cookie (each NUL-terminated, the
 * rest zero padding), then QEMU's migration stream.
 */
const HEADER_BYTES = 92;
const MAGIC = 'LibvirtQemudSave';
const DATA_LEN_AT = 20;
const COOKIE_OFFSET_AT = 32;
const SUPPORTED_VERSION = 2;

export class SavedStateFormatError extends Error {}

/**
 * A copy of a saved state with another domain definition in its header: a
 * template restored as a hosting. `virsh restore --xml` cannot do it: libvirt
 * refuses a definition whose UUID differs from the saved one, and every
 * hosting's domain has its own. The machine (devices, memory, CPUs) must be
 * the saved one's; QEMU refuses the stream otherwise, so a mistake fails the
 * restore rather than the guest. The padding libvirt leaves (64 KiB) holds any
 * hosting's definition, so the stream starts where it did.
 */
export async function copySavedStateWithDefinition(source: string, target: string, xml: string): Promise<void> {
  const input = await open(source, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    await input.read(header, 0, HEADER_BYTES, 0);
    if (header.toString('latin1', 0, MAGIC.length) !== MAGIC)
      throw new SavedStateFormatError(`${source} is not a complete libvirt save image`);
    const version = header.readUInt32LE(16);
    if (version !== SUPPORTED_VERSION)
      throw new SavedStateFormatError(`${source} is a version ${version} save image; Hostbay reads version 2`);
    const dataLength = header.readUInt32LE(DATA_LEN_AT);
    const data = Buffer.alloc(dataLength);
    await input.read(data, 0, dataLength, HEADER_BYTES);
    const cookieAt = header.readUInt32LE(COOKIE_OFFSET_AT);
    const cookieEnd = data.indexOf(0, cookieAt);
    const cookie = cookieAt > 0 && cookieEnd > cookieAt ? data.subarray(cookieAt, cookieEnd) : Buffer.alloc(0);

    const definition = Buffer.from(xml, 'utf8');
    if (definition.includes(0)) throw new SavedStateFormatError('a domain definition cannot hold a NUL byte');
    const replaced = Buffer.alloc(dataLength);
    definition.copy(replaced, 0);
    const newCookieAt = definition.length + 1;
    if (cookie.length > 0) {
      if (newCookieAt + cookie.length + 1 > dataLength)
        throw new SavedStateFormatError('the domain definition does not fit the save image header');
      cookie.copy(replaced, newCookieAt);
    } else if (newCookieAt > dataLength) {
      throw new SavedStateFormatError('the domain definition does not fit the save image header');
    }
    const newHeader = Buffer.from(header);
    newHeader.writeUInt32LE(cookie.length > 0 ? newCookieAt : 0, COOKIE_OFFSET_AT);

    const output = await open(target, 'wx', 0o600);
    try {
      await output.write(newHeader, 0, HEADER_BYTES, 0);
      await output.write(replaced, 0, dataLength, HEADER_BYTES);
    } finally {
      await output.close();
    }
    // The stream by path, each end opened and closed by its stream: pipeline waits for both to close.
    const streamAt = HEADER_BYTES + dataLength;
    try {
      await pipeline(
        createReadStream(source, { start: streamAt }),
        createWriteStream(target, { flags: 'r+', start: streamAt }),
      );
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
  } finally {
    await input.close();
  }
}
