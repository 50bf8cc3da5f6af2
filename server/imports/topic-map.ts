import type { DataSource } from 'typeorm';
import { AppError } from '../http/errors';
import { unreadable } from '../http/validate';
import { clip } from './clip';
import { openRecords } from './file-records';
import { headerKey, type ImportFormat } from './formats';
import { createImportsRepository } from './imports.repository';
import { loadReferenceData, topicTextKey } from './reference-data';
import type { RowError } from './rows';

/**
 * Loads a `text;topic_code` file into the map of a sender's topic texts (1545's "Питання", the hotline's
 * "Тематика") to our topics. All lines or none: an unknown topic code rejects the file, naming the row.
 */
export async function loadTopicMap(dataSource: DataSource, format: ImportFormat, path: string): Promise<{ written: number; errors: RowError[] }> {
  const file = await openRecords(path);
  try {
    const keys = file.header.map(headerKey);
    const textAt = keys.indexOf('text');
    const codeAt = keys.indexOf('topic_code');
    if (textAt < 0 || codeAt < 0) throw new AppError(400, 'missing_columns', 'The map needs the columns "text" and "topic_code".', { file: 'missing column: text, topic_code' });
    const ref = await loadReferenceData(dataSource);
    const lines: { key: string; text: string; topicCode: string }[] = [];
    const errors: RowError[] = [];
    let row = 1;
    for await (const cells of file.rows) {
      row++;
      const text = String(cells[textAt] ?? '').trim();
      const topicCode = String(cells[codeAt] ?? '').trim();
      const bad = text.length > 500 ? 'longer than 500 characters' : unreadable(text, false);
      if (!text) errors.push({ row, column: 'text', why: 'required' });
      else if (bad) errors.push({ row, column: 'text', why: bad });
      else if (!ref.topics.has(topicCode)) errors.push({ row, column: 'topic_code', why: `unknown topic ${clip(topicCode, 16)}` });
      else lines.push({ key: topicTextKey(text), text, topicCode });
    }
    if (errors.length) return { written: 0, errors };
    return { written: await createImportsRepository(dataSource).putTopicMap(format, lines), errors };
  } finally {
    await file.close();
  }
}
