import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { badRequest } from './errors';
import { reasonOfIssue, type Reason } from './reasons';

/** Parses input at the edge, once; a failure is a 400 naming each bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  const reasons: Record<string, Reason> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
    reasons[key] ??= reasonOfIssue(issue);
  }
  const error = badRequest('Some fields are missing or invalid.', fields);
  error.reasons = reasons;
  throw error;
}

// NUL cannot be stored in PostgreSQL text at all; the other C0 controls and DEL mean nothing in a name, an
// address or a description. Tab and line breaks are kept for multi-line text (bodies), refused elsewhere.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex -- as above
const LINE_CONTROL = /[\u0000-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be taken, or null when it can. `multiLine` allows tab, LF and CR. */
export function unreadable(s: string, multiLine: boolean): string | null {
  if ((multiLine ? CONTROL : LINE_CONTROL).test(s)) return 'contains a control character';
  // A lone surrogate is not Unicode: PostgreSQL's JSON refuses it and it cannot be encoded as UTF-8.
  if (LONE_SURROGATE.test(s)) return 'is not well-formed Unicode';
  return null;
}

/** Every string (and object key) in a parsed JSON body or query, walked without recursion: depth is the client's. */
function firstUnreadable(root: unknown, multiLine: boolean): { path: string; problem: string } | null {
  const stack: { value: unknown; path: string }[] = [{ value: root, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = unreadable(value, multiLine);
      if (problem) return { path: path || '_', problem };
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const at = path ? `${path}.${key}` : key;
        const problem = unreadable(key, false);
        if (problem) return { path: at, problem: `has a name that ${problem}` };
        stack.push({ value: child, path: at });
      }
    }
  }
  return null;
}

/** A path's segments as the router will decode them; a malformed escape is left to the router's own 400. */
function pathSegments(path: string): string[] {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

/**
 * The one gate every string input passes before any route sees it: the path, the query and the JSON body.
 * A control character or ill-formed Unicode anywhere is a 400 naming the field, so no route, schema or
 * column has to remember to refuse them.
 */
export const rejectUnreadableInput: RequestHandler = (req, _res, next) => {
  const segment = pathSegments(req.path).find((s) => unreadable(s, false));
  if (segment !== undefined) return next(badRequest('The address of this request is not readable text.', { _path: unreadable(segment, false)! }));
  const found = firstUnreadable(req.query, false) ?? firstUnreadable(req.body, true);
  if (found) return next(badRequest('Some fields are not readable text.', { [found.path]: found.problem }));
  next();
};
