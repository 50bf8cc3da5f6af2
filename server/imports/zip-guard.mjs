// Proves what a zip (an XLSX) unpacks to before anything keeps what it unpacks: a few MB may inflate to GBs.
// Two checks, both in bounded memory:
// 1. the central directory's uncompressed sizes, summed (zip64 sizes too), against the limit;
// 2. every entry inflated once into nothing, counting bytes: an entry that inflates past the size it declares
//    is refused at that byte, so a directory that lies cannot pass the first check.
// Plain JavaScript: it runs in the XLSX reader's worker.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY = 16 * 1024 * 1024;

const fail = (code, message, extra = {}) => Object.assign(new Error(message), { code, ...extra });
const unreadable = (why) => fail('ZIP_UNREADABLE', `The workbook is not a readable zip: ${why}.`);

/** Throws ZIP_TOO_LARGE (with `limit`) or ZIP_UNREADABLE; resolves when the file unpacks within `maxInflated`. */
export async function checkZip(path, maxInflated) {
  const handle = await open(path, 'r');
  try {
    const entries = await centralDirectory(handle);
    const declared = entries.reduce((sum, e) => sum + e.size, 0);
    if (declared > maxInflated) {
      throw fail('ZIP_TOO_LARGE', `The workbook unpacks to ${declared} bytes, more than the limit of ${maxInflated}.`, { limit: maxInflated });
    }
    for (const e of entries) await inflateCounting(handle, path, e);
  } finally {
    await handle.close();
  }
}

async function read(handle, position, length) {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  if (bytesRead < length) throw unreadable('it ends early');
  return buf;
}

async function centralDirectory(handle) {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 22 + 65535);
  const tail = await read(handle, size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { at = i; break; }
  if (at < 0) throw unreadable('no end of central directory');
  let count = tail.readUInt16LE(at + 10);
  let length = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) {
    const locatorAt = size - tailLength + at - 20;
    const locator = locatorAt >= 0 ? await read(handle, locatorAt, 20) : null;
    if (!locator || locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw unreadable('a zip64 directory without its locator');
    const z = await read(handle, Number(locator.readBigUInt64LE(8)), 56);
    if (z.readUInt32LE(0) !== ZIP64_EOCD) throw unreadable('no zip64 end of central directory');
    count = Number(z.readBigUInt64LE(32));
    length = Number(z.readBigUInt64LE(40));
    offset = Number(z.readBigUInt64LE(48));
  }
  if (length > MAX_DIRECTORY || offset + length > size) throw unreadable('its directory is out of bounds');
  return parseEntries(await read(handle, offset, length), count);
}

function parseEntries(dir, count) {
  const entries = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw unreadable('a broken directory entry');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const e = {
      name: dir.toString('utf8', p + 46, p + 46 + nameLength), method: dir.readUInt16LE(p + 10),
      compressed: dir.readUInt32LE(p + 20), size: dir.readUInt32LE(p + 24), offset: dir.readUInt32LE(p + 42),
    };
    applyZip64(e, dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(e);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset past 4 GB sit in the zip64 extra field, in this order, only for those saturated. */
function applyZip64(e, extra) {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      for (const key of ['size', 'compressed', 'offset']) {
        if (e[key] === 0xffffffff && q + 8 <= p + 4 + length) {
          e[key] = Number(extra.readBigUInt64LE(q));
          q += 8;
        }
      }
    }
    p += 4 + length;
  }
}

async function inflateCounting(handle, path, e) {
  const local = await read(handle, e.offset, 30);
  if (local.readUInt32LE(0) !== LOCAL) throw unreadable(`no local header for ${e.name}`);
  if (e.compressed === 0) return;
  const start = e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = createReadStream(path, { start, end: start + e.compressed - 1 });
  if (e.method === 0) {
    if (e.compressed !== e.size) throw unreadable(`${e.name} is stored with two sizes`);
    raw.destroy();
    return;
  }
  if (e.method !== 8) throw unreadable(`${e.name} is compressed with method ${e.method}`);
  let inflated = 0;
  const inflate = createInflateRaw();
  await new Promise((resolve, reject) => {
    const stop = (error) => {
      raw.destroy();
      inflate.destroy();
      reject(error);
    };
    inflate.on('data', (chunk) => {
      inflated += chunk.length;
      if (inflated > e.size) stop(unreadable(`${e.name} inflates past the ${e.size} bytes it declares`));
    });
    inflate.on('end', resolve);
    inflate.on('error', () => stop(unreadable(`${e.name} does not inflate`)));
    raw.on('error', stop);
    raw.pipe(inflate);
  });
}
