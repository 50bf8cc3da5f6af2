import { createRequire } from 'node:module';

// DejaVu covers Cyrillic; pdfkit's built-in fonts do not. The font ships as an npm package.
const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** Registers `body` and `bold` (DejaVu Sans) on a pdfkit document: every PDF we print is in Ukrainian. */
export function useCyrillicFonts(doc: PDFKit.PDFDocument): PDFKit.PDFDocument {
  return doc.registerFont('body', FONT).registerFont('bold', FONT_BOLD);
}
