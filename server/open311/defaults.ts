/** What a city sets of its Open311 interface (README, Configuration). */
export interface Open311Options {
  /** OPEN311_JURISDICTION_ID: the one jurisdiction served; another is a 404. */
  jurisdictionId: string;
  /** Requests a minute from one address that gives no key (a key has its own limit). */
  anonymousRatePerMinute: number;
  /** Discovery's `contact`. */
  contact: string;
  /** The origin the discovery's endpoint is given under (PUBLIC_ORIGIN), else the address the client used. */
  publicOrigin?: string | null;
  /** The rate limiter's clock (tests hold it still). */
  now?: () => Date;
}

export const DEFAULT_OPEN311: Open311Options = {
  jurisdictionId: 'kr.gov.ua', anonymousRatePerMinute: 300, contact: 'Контактний центр міської ради, тел. 15-80',
};
