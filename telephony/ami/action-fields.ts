// eslint-disable-next-line no-control-regex -- finding CR, LF and NUL is the point
const BREAKS_FRAME = /[\r\n\u0000]/;

/**
 * The first field of an action whose name or value would break the AMI framing (CR, LF, NUL), as a path
 * (`Reason`, `Variable.PIN`); null when every field is safe to write. Nested values are the package's
 * `Variable: name=value` pairs, each a line of its own.
 */
export function unsafeField(fields: Readonly<Record<string, unknown>>): string | null {
  for (const [name, value] of Object.entries(fields)) {
    if (BREAKS_FRAME.test(name)) return name;
    if (typeof value === 'string' && BREAKS_FRAME.test(value)) return name;
    if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) if (BREAKS_FRAME.test(key) || BREAKS_FRAME.test(String(inner))) return `${name}.${key}`;
    }
  }
  return null;
}
