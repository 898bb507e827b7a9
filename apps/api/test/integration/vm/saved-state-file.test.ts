import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copySavedStateWithDefinition, SavedStateFormatError } from '../../../src/adapters/libvirt/saved-state-file.js';

/** A save image as libvirt lays it out: header, definition and cookie in 64 KiB of data, then the stream. */
function saveImage(xml: string, cookie: string, stream: Buffer): Buffer {
  const dataLength = 65536;
  const header = Buffer.alloc(92);
  header.write('LibvirtQemudSave', 0, 'latin1');
  header.writeUInt32LE(2, 16);
  header.writeUInt32LE(dataLength, 20);
  header.writeUInt32LE(1, 24);
  header.writeUInt32LE(0, 28);
  header.writeUInt32LE(Buffer.byteLength(xml) + 1, 32);
  const data = Buffer.alloc(dataLength);
  data.write(xml, 0);
  data.write(cookie, Buffer.byteLength(xml) + 1);
  return Buffer.concat([header, data, stream]);
}

function read(image: Buffer) {
  const dataLength = image.readUInt32LE(20);
  const data = image.subarray(92, 92 + dataLength);
  const cookieAt = image.readUInt32LE(32);
  return {
    magic: image.toString('latin1', 0, 16),
    dataLength,
    xml: data.subarray(0, data.indexOf(0)).toString(),
    cookie: data.subarray(cookieAt, data.indexOf(0, cookieAt)).toString(),
    stream: image.subarray(92 + dataLength),
  };
}

describe('a template’s saved state, copied with a hosting’s definition', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hostbay-save-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the stream and the cookie where libvirt reads them, with the new definition in the header', async () => {
    const stream = Buffer.concat([Buffer.from('QEVM\0\0\0\x03'), Buffer.alloc(3 * 1024 * 1024, 7)]);
    const source = path.join(dir, 'template.save');
    await writeFile(source, saveImage('<domain><name>hb-tmpl-1</name></domain>', '<qemu-migration/>', stream));
    const target = path.join(dir, 'hosting.save');
    const xml = `<domain><name>hb-${'a'.repeat(36)}</name><uuid>another</uuid></domain>`;

    await copySavedStateWithDefinition(source, target, xml);

    const copy = read(await readFile(target));
    expect(copy).toMatchObject({ magic: 'LibvirtQemudSave', dataLength: 65536, xml, cookie: '<qemu-migration/>' });
    expect(copy.stream.equals(stream)).toBe(true);
  });

  it('refuses what is not a complete save image, and a definition that does not fit', async () => {
    const partial = path.join(dir, 'partial.save');
    const image = saveImage('<domain/>', '', Buffer.from('QEVM'));
    image.write('LibvirtQemudPart', 0, 'latin1');
    await writeFile(partial, image);
    await expect(copySavedStateWithDefinition(partial, path.join(dir, 'a.save'), '<domain/>')).rejects.toThrow(
      SavedStateFormatError,
    );
    const source = path.join(dir, 'ok.save');
    await writeFile(source, saveImage('<domain/>', '<cookie/>', Buffer.from('QEVM')));
    await expect(
      copySavedStateWithDefinition(source, path.join(dir, 'b.save'), `<domain>${'x'.repeat(70_000)}</domain>`),
    ).rejects.toThrow(SavedStateFormatError);
  });
});
