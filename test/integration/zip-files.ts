import { writeFile } from 'node:fs/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** One entry: its deflated bytes, what they inflate to, and the size its headers declare (a liar's differs). */
interface Entry {
  name: string;
  deflated: Buffer;
  size: number;
  declared?: number;
  crc?: number;
}

const SATURATED = 0xffffffff;

/** A zip of the entries, written by hand so that a test can make it lie; sizes past 4 GB go to zip64 fields. */
export async function writeZip(path: string, entries: Entry[]): Promise<void> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const size = e.declared ?? e.size;
    const big = size >= SATURATED;
    const name = Buffer.from(e.name);
    const zip64 = big ? Buffer.alloc(20) : Buffer.alloc(0);
    if (big) {
      zip64.writeUInt16LE(0x0001, 0);
      zip64.writeUInt16LE(16, 2);
      zip64.writeBigUInt64LE(BigInt(size), 4);
      zip64.writeBigUInt64LE(BigInt(e.deflated.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(big ? 45 : 20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(e.crc ?? 0, 14);
    local.writeUInt32LE(big ? SATURATED : e.deflated.length, 18);
    local.writeUInt32LE(big ? SATURATED : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(zip64.length, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(45, 4);
    dir.writeUInt16LE(big ? 45 : 20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(e.crc ?? 0, 16);
    dir.writeUInt32LE(big ? SATURATED : e.deflated.length, 20);
    dir.writeUInt32LE(big ? SATURATED : size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt16LE(zip64.length, 30);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name, zip64);
    parts.push(local, name, zip64, e.deflated);
    offset += local.length + name.length + zip64.length + e.deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...parts, directory, end]));
}

/** An entry deflated as zip tools do. */
export function entry(name: string, text: string): Entry {
  const data = Buffer.from(text);
  return { name, deflated: deflateRawSync(data), size: data.length, crc: crc32(data) };
}

/**
 * An entry that inflates to `repeat` copies of `body` between `head` and `tail`, deflated once: pieces flushed
 * with Z_FULL_FLUSH stand alone, so the same deflated body can be repeated (about 1,000 : 1).
 */
export function repeatedEntry(name: string, head: string, body: string, repeat: number, tail: string): Entry {
  const piece = (s: string, finish = false) => deflateRawSync(Buffer.from(s), { finishFlush: finish ? constants.Z_FINISH : constants.Z_FULL_FLUSH });
  const deflatedBody = piece(body);
  const deflated = Buffer.concat([piece(head), ...Array(repeat).fill(deflatedBody), piece(tail, true)]);
  return { name, deflated, size: Buffer.byteLength(head) + Buffer.byteLength(body) * repeat + Buffer.byteLength(tail) };
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around its shared strings, for building odd workbooks by hand. */
export function workbookParts(sharedStrings: Entry, sheetXml: string): Entry[] {
  return [
    entry('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`),
    entry('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    entry('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    sharedStrings,
    entry('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${sheetXml}</sheetData></worksheet>`),
  ];
}

/** Shared strings that inflate to about `bytes`: the bomb of the report was 4.6 GB from 15 MB. */
export function sharedStringsBomb(bytes: number): Entry {
  const body = `<si><t>${'A'.repeat(4080)}</t></si>`.repeat(4096); // 16 MB
  return repeatedEntry('xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">`, body, Math.ceil(bytes / body.length), '</sst>');
}
