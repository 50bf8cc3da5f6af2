import { Router } from 'express';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { allow } from '../auth/auth.middleware';
import { AppError } from '../http/errors';
import { parse } from '../http/validate';
import { createImportsRepository } from './imports.repository';
import { topicTextKey } from './reference-data';
import { topicMapPutSchema, topicMapQuerySchema, topicSuggestionsSchema } from './topic-map.schemas';

/** How many of our topics are offered for one sender's text. */
const SUGGESTIONS = 3;

/**
 * The map of senders' topic texts to ours, edited in the console (the import page lists what was unmapped):
 * read it, add or replace lines, and ask which of our topics a text is closest to.
 */
export function createTopicMapRouter(dataSource: DataSource, audit: AuditService): Router {
  const router = Router();
  router.use(allow('admin', 'supervisor'));

  router.get('/', async (req, res) => {
    const { format } = parse(topicMapQuerySchema, req.query);
    const items = await dataSource.query(
      `SELECT m.text, m.topic_code AS "topicCode", t.name_uk AS "topicName" FROM import_topic_maps m JOIN topics t ON t.code = m.topic_code
        WHERE m.format = $1 ORDER BY lower(m.text)`, [format]);
    res.json({ items });
  });

  router.put('/', async (req, res) => {
    const { format, lines } = parse(topicMapPutSchema, req.body);
    const known: { code: string }[] = await dataSource.query(
      'SELECT code FROM topics WHERE code = ANY($1) AND parent_code IS NOT NULL AND active', [lines.map((l) => l.topicCode)]);
    const codes = new Set(known.map((k) => k.code));
    const unknown = Object.fromEntries(lines.flatMap((l, i) => (codes.has(l.topicCode) ? [] : [[`lines.${i}.topicCode`, `unknown topic ${l.topicCode}`]])));
    if (Object.keys(unknown).length) throw new AppError(400, 'invalid_input', 'Some lines name a topic we do not have.', unknown);
    const written = await createImportsRepository(dataSource).putTopicMap(format, lines.map((l) => ({ key: topicTextKey(l.text), ...l })));
    await audit.record({ userId: req.user!.id, action: 'update', entity: 'topic_map', entityId: null, detail: { format, lines }, ip: req.ip });
    res.json({ written });
  });

  // Trigram similarity (pg_trgm, already there for search) against our topic names and their group's.
  router.post('/suggestions', async (req, res) => {
    const { texts } = parse(topicSuggestionsSchema, req.body);
    const rows: { i: number; code: string; name: string; score: number }[] = await dataSource.query(
      `SELECT x.i::int AS i, s.code, s.name, s.score FROM unnest($1::text[]) WITH ORDINALITY AS x(text, i)
         CROSS JOIN LATERAL (
           SELECT t.code, t.name_uk AS name, round(greatest(similarity(t.name_uk, x.text), word_similarity(x.text, t.name_uk))::numeric, 2)::float AS score
             FROM topics t WHERE t.parent_code IS NOT NULL AND t.active ORDER BY 3 DESC, t.code LIMIT $2) s
        ORDER BY x.i, s.score DESC, s.code`, [texts, SUGGESTIONS]);
    res.json({ items: texts.map((text, i) => ({ text, suggestions: rows.filter((r) => r.i === i + 1).map(({ code, name, score }) => ({ code, name, score })) })) });
  });
  return router;
}
