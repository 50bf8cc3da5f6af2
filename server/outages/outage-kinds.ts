export const OUTAGE_KINDS = ['water', 'hot_water', 'heating', 'electricity', 'gas', 'lift', 'road_works', 'other'] as const;
export type OutageKind = (typeof OUTAGE_KINDS)[number];

/** The topic a call attached to an outage of this kind is about (the classifier's codes, shared/data/topics.csv). */
export const KIND_TOPIC: Record<OutageKind, string> = {
  water: 'HS.01', hot_water: 'HS.02', heating: 'HS.03', electricity: 'HS.04', gas: 'HS.05', lift: 'HS.08', road_works: 'LS.01', other: 'OT.01',
};

/**
 * A topic group is the kind of executor a topic goes to (`topics.executor_kind`): "no water" and "a water leak" are
 * one group, hot water and heating another. This is the outage a burst in a group most likely is.
 */
export function kindOfGroup(group: string): OutageKind {
  const byGroup: Record<string, OutageKind> = { water: 'water', heating: 'heating', electricity: 'electricity', gas: 'gas', roads: 'road_works', building_manager: 'lift' };
  return byGroup[group] ?? 'other';
}
