import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** One file of a .zip (or .jar) archive. */
export interface ZipEntry {
  readonly name: string;
  /** The entry's bytes, uncompressed. */
  read(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** True when the file starts as a .zip archive does (`PK\x03\x04`, or the empty archive's `PK\x05\x06`). */
export function isZipArchive(file: string): boolean {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.readSync(fd, head, 0, 4, 0) < 4) return false;
  } finally {
    fs.closeSync(fd);
  }
  const signature = head.readUInt32LE(0);
  return signature === LOCAL_FILE_HEADER || signature === END_OF_CENTRAL_DIRECTORY;
}

/**
 * The files of a .zip archive, from its central directory: stored or deflated entries, as
 * Lambda accepts them (no ZIP64, no encryption). Throws an Error that says what is wrong.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
export function readZipArchive(file: string): ZipEntry[] {
  const data = fs.readFileSync(file);
  // The end record is in the last 22 bytes plus at most a 64 KB comment.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a .zip archive (no end of central directory)`);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || offset === 0xffffffff) throw new Error(`${file} is a ZIP64 archive; only archives under 4 GB with fewer than 65535 files are read`);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (data.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`${file}: central directory entry ${n} is damaged`);
    const flags = data.readUInt16LE(offset + 8);
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localHeader = data.readUInt32LE(offset + 42);
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    // Bit 0 of the general purpose flags: encrypted.
    if (flags % 2 === 1) throw new Error(`${file}: ${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new Error(`${file}: ${name} uses compression method ${method}; stored (0) and deflate (8) are read`);
    entries.push({
      name,
      read: () => {
        if (data.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`${file}: the local header of ${name} is damaged`);
        const start = localHeader + 30 + data.readUInt16LE(localHeader + 26) + data.readUInt16LE(localHeader + 28);
        const bytes = data.subarray(start, start + compressedSize);
        return method === 0 ? Buffer.from(bytes) : inflateRawSync(bytes);
      },
    });
  }
  return entries;
}

/** Unzips the archive into `dir` (created), as Lambda unpacks a function's .zip or .jar. */
export function extractZipArchive(file: string, dir: string): void {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  for (const entry of readZipArchive(file)) {
    const target = path.resolve(root, entry.name);
    // An entry may not write outside the folder ("zip slip").
    if (target !== root && !target.startsWith(root + path.sep)) throw new Error(`${file}: entry ${entry.name} points outside the archive's folder`);
    if (entry.name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, entry.read());
    }
  }
}
