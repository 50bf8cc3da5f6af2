/**
 * What one import may cost. A file past a limit is refused with an answer that names the limit; nothing is
 * written. Tests lower them to reach them with small files.
 */
export interface ImportLimits {
  /** Problems listed before reading stops: a file this bad is fixed at its source, not read to its end. */
  maxErrors: number;
  /** The longest cell taken, in characters: the API's longest text (a request's description). */
  maxCellChars: number;
  /** The longest CSV record the parser buffers, in characters (a quote never closed would buffer the whole file). */
  maxRecordChars: number;
  /** What an XLSX (a zip) may unpack to in all, in bytes: its central directory says, and inflating proves it. */
  maxInflatedBytes: number;
  /** The XLSX reader's heap, in MB: past it the reader's thread dies, not the server. */
  xlsxHeapMb: number;
}

export const IMPORT_LIMITS: ImportLimits = {
  maxErrors: 1000,
  maxCellChars: 4000,
  maxRecordChars: 1_000_000,
  maxInflatedBytes: 256 * 1024 * 1024,
  xlsxHeapMb: 512,
};

export const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
