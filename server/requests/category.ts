import type { Category, Source } from '../../db/entities';

/** Sources whose requests are contact-center service requests unless registered as a formal appeal. */
export const SERVICE_SOURCES: readonly Source[] = ['call', 'web', 'consultation'];

/** The category a request gets when nobody says otherwise (the same rule as the database trigger). */
export const categoryOf = (source: Source): Category => (SERVICE_SOURCES.includes(source) ? 'service' : 'appeal');

export const DEFAULT_ADDRESSEE = 'city_leadership';
