/**
 * Applicant categories of classifier 858 section 7, as the state form's Table 2 groups them. Senders write
 * them as free text ("Учасник бойових дій", "Особа з інвалідністю II групи"); the first rule that matches wins,
 * so the war's disabled count with the war, not with disability (as the form's column 7.1, 7.3–7.5 does).
 */
const RULES: [RegExp, string][] = [
  [/дит\S* війни/i, 'war_child'],
  [/війни|бойових|убд|ато|оос/i, 'war_veteran'],
  [/інвалід/i, 'disability'],
  [/ветеран праці/i, 'labour_veteran'],
  [/багатодітн|одинок\S* мат|мати-героїн/i, 'large_family'],
  [/чаес|чорнобил/i, 'chernobyl'],
  [/впо|переміщен/i, 'idp'],
];

export const APPLICANT_CATEGORIES = ['war_veteran', 'war_child', 'disability', 'labour_veteran', 'large_family', 'chernobyl', 'idp', 'other'] as const;

/** Our code for a sender's category text; null for an empty cell. */
export function applicantCategory(text: string): string | null {
  const t = text.trim();
  if (!t || /^(ні|немає|-)$/i.test(t)) return null;
  return RULES.find(([re]) => re.test(t))?.[1] ?? 'other';
}
