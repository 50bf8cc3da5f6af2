import { dateTime } from '../http/schemas';
import type { ServiceAttribute } from './open311.repository';

/** `attribute[CODE]=v` and `attribute[CODE][]=v1&attribute[CODE][]=v2` of a form body, by code. */
export function attributesOf(body: Record<string, unknown>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^attribute\[([^\]]{1,64})\](\[\])?$/.exec(key);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v).trim()).filter(Boolean);
    found.set(m[1], [...(found.get(m[1]) ?? []), ...values]);
  }
  return found;
}

/** Why one attribute's values cannot be taken, or null. */
function refusal(a: ServiceAttribute, values: string[]): string | null {
  const keys = new Set((a.values ?? []).map((v) => v.key));
  if (a.datatype !== 'multivaluelist' && values.length > 1) return 'give one value';
  for (const v of values) {
    if (a.datatype === 'number' && !/^-?\d{1,9}(\.\d{1,6})?$/.test(v)) return `${v} is not a number`;
    if (a.datatype === 'datetime' && !dateTime.safeParse(v).success) return `${v} is not an ISO 8601 date-time with its offset`;
    if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && !keys.has(v)) return `${v} is not one of ${[...keys].join(', ')}`;
    if (v.length > (a.datatype === 'text' ? 2000 : 300)) return 'too long';
  }
  return null;
}

export interface AttributeCheck {
  /** One line per problem, naming the attribute: `attribute[entrance]: required (Номер під'їзду)`. */
  problems: string[];
  /** The accepted values by code, kept with the request. */
  accepted: Record<string, string[]>;
  /** The accepted values as lines for the description (agents and executors read them there). */
  lines: string[];
}

/** The service's attributes against what was posted: every required one present, every value of its type. */
export function checkAttributes(definition: ServiceAttribute[], posted: Map<string, string[]>): AttributeCheck {
  const out: AttributeCheck = { problems: [], accepted: {}, lines: [] };
  for (const a of [...definition].sort((x, y) => x.order - y.order)) {
    const values = posted.get(a.code) ?? [];
    if (!values.length) {
      if (a.required) out.problems.push(`attribute[${a.code}]: required (${a.description})`);
      continue;
    }
    const why = refusal(a, values);
    if (why) {
      out.problems.push(`attribute[${a.code}]: ${why}`);
      continue;
    }
    out.accepted[a.code] = values;
    const names = values.map((v) => a.values?.find((x) => x.key === v)?.name ?? v);
    out.lines.push(`${a.description}: ${names.join(', ')}`);
  }
  return out;
}
