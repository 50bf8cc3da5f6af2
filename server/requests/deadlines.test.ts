import { describe, expect, it } from 'vitest';
import { dueDate, extendedDueDate, overdueDays } from './deadlines';

const received = new Date('2026-03-01T10:00:00+02:00');
const days = (a: Date, b: Date) => (a.getTime() - b.getTime()) / 86_400_000;

describe('deadlines (Art. 20 of the Law on citizens\' appeals)', () => {
  it('when nothing special is said, then the term is 30 calendar days; with no extra study, 15', () => {
    expect(days(dueDate(received, { deadline: 'days_30', emergencyHours: null }, true), received)).toBe(30);
    expect(days(dueDate(received, { deadline: null, emergencyHours: null }, false), received)).toBe(15);
  });

  it('when the topic is a 15-day one or an emergency, then the topic decides', () => {
    expect(days(dueDate(received, { deadline: 'days_15', emergencyHours: null }, true), received)).toBe(15);
    expect(days(dueDate(received, { deadline: 'emergency_24h', emergencyHours: 6 }, true), received) * 24).toBe(6);
  });

  it('when an extension would pass 45 days from receipt, then it is refused', () => {
    const due = dueDate(received, { deadline: null, emergencyHours: null }, true);
    expect(days(extendedDueDate(received, due, 15)!, received)).toBe(45);
    expect(extendedDueDate(received, due, 16)).toBeNull();
  });

  it('when the due date has passed by a part of a day, then that counts as one day overdue', () => {
    const due = new Date('2026-03-31T10:00:00Z');
    expect(overdueDays(due, new Date('2026-03-31T09:00:00Z'))).toBe(0);
    expect(overdueDays(due, new Date('2026-03-31T11:00:00Z'))).toBe(1);
    expect(overdueDays(due, new Date('2026-04-03T10:00:00Z'))).toBe(3);
    expect(overdueDays(null, new Date())).toBe(0);
  });
});
