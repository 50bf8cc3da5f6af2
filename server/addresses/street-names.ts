/** A street as compared: its kind in one spelling ("вул", "просп") or null, and its folded name. */
export interface StreetName {
  kind: string | null;
  street: string;
}

/** "тараса шевченка" and "шевченка" are one street: one name may add words in front of the other. */
export function sameStreetNames(a: StreetName, b: StreetName): boolean {
  if (a.kind !== null && b.kind !== null && a.kind !== b.kind) return false;
  const [short, long] = a.street.length <= b.street.length ? [a.street, b.street] : [b.street, a.street];
  return long === short || long.endsWith(` ${short}`);
}
