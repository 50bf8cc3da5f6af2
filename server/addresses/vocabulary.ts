/** The words of Ukrainian addresses, folded (see fold.ts: ї → і, є → е, ґ → г), each kind to one canonical form. */
export const STREET_KINDS: Record<string, string> = {
  вулиця: 'вул', вул: 'вул', ул: 'вул', улица: 'вул',
  проспект: 'просп', просп: 'просп', 'пр-т': 'просп', 'пр-кт': 'просп', прт: 'просп', пр: 'просп',
  провулок: 'пров', пров: 'пров', пер: 'пров', переулок: 'пров', 'пр-к': 'пров',
  бульвар: 'бульв', бульв: 'бульв', бул: 'бульв', 'б-р': 'бульв',
  площа: 'пл', пл: 'пл', площадь: 'пл',
  шосе: 'шосе', ш: 'шосе',
  майдан: 'майдан',
  узвіз: 'узвіз', узв: 'узвіз',
  набережна: 'наб', наб: 'наб',
  тупик: 'туп', туп: 'туп',
  проізд: 'проїзд', 'пр-д': 'проїзд',
  мікрорайон: 'мкр', мкр: 'мкр', мкрн: 'мкр', 'м-н': 'мкр', 'мкр-н': 'мкр',
  квартал: 'квартал', 'кв-л': 'квартал',
  алея: 'алея',
};

/** Words before the house number: "буд. 12", "д. 12". */
export const HOUSE_MARKERS = new Set(['будинок', 'буд', 'б', 'д', 'дім', 'дом']);
/** A building's section: "корп. 2" is part of the house. */
export const KORPUS_MARKERS = new Set(['корпус', 'корп', 'кор', 'к-с']);
/** Words before a flat or a room in it. "к." is a flat here: a building's section is spelled "корп.". */
export const FLAT_MARKERS = new Set(['квартира', 'кв', 'кв-ра', 'квар', 'к', 'кімната', 'кімн', 'арт']);
/** Numbers that are neither house nor flat: entrance and floor. */
export const OTHER_MARKERS = new Set(['підізд', 'під', 'п-д', 'поверх', 'пов', 'етаж', 'ет', 'секція', 'домофон']);
/** A town or village before the street: "м. Кривий Ріг, …". */
export const LOCALITY_MARKERS = new Set(['м', 'місто', 'смт', 'с', 'село', 'селище', 'г', 'город']);
/** Parts of a region: "Дніпропетровська обл., Криворізький р-н, …". */
export const REGION_WORDS = new Set(['обл', 'область', 'р-н', 'район', 'україна']);
/** Words of a street's name that people add or drop: "вул. імені Т. Шевченка". */
export const NAME_FILLERS = new Set(['ім', 'імені', 'им', 'имени']);

/** "квартира" in any case (квартири, квартирі, квартиру, квартирою). */
export const isFlatMarker = (word: string): boolean => FLAT_MARKERS.has(word) || word.startsWith('квартир');
