import { afterEach, describe, expect, it } from 'vitest';
import { parseStreet, sameBuilding, sameHome } from './normalise';
import { setStreetRenames } from './renames';

const rename = (from: string, to: string) => ({ from: parseStreet(from)!, to: parseStreet(to)! });

describe('street renamings in the one normaliser', () => {
  afterEach(() => setStreetRenames([]));

  it('when a street was renamed, then its old and new names are one building for the confidential flat too', () => {
    expect(sameHome('вул. Леніна, 5, кв. 3', 'вулиця Святогеоргіївська 5 кв 3')).toBe(false);
    setStreetRenames([rename('вул. Леніна', 'вул. Святогеоргіївська')]);
    expect(sameHome('вул. Леніна, 5, кв. 3', 'вулиця Святогеоргіївська 5 кв 3')).toBe(true);
    expect(sameBuilding('Святогеоргіївська, 5', 'ул. Леніна 5')).toBe(true);
    expect(sameBuilding('вул. Леніна, 6', 'вул. Святогеоргіївська, 5')).toBe(false);
  });

  it('when a name was renamed twice, then the oldest one still finds the street', () => {
    setStreetRenames([rename('вул. Кірова', 'вул. Соборна'), rename('вул. Соборна', 'вул. Соборності')]);
    expect(sameBuilding('вул. Кірова, 1', 'вул. Соборності, 1')).toBe(true);
  });

  it('when the kinds differ (a prospekt of the same name), then a renaming of the street does not reach it', () => {
    setStreetRenames([rename('вул. Леніна', 'вул. Святогеоргіївська')]);
    expect(sameBuilding('просп. Леніна, 5', 'вул. Святогеоргіївська, 5')).toBe(false);
  });

  it('when the table has a cycle typed by mistake, then comparing still ends', () => {
    setStreetRenames([rename('вул. А', 'вул. Б'), rename('вул. Б', 'вул. А')]);
    expect(typeof sameBuilding('вул. А, 1', 'вул. Б, 1')).toBe('boolean');
  });
});
