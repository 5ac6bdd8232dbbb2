/** A calendar month of the transparency report, in UTC: [from, to). */
export interface ReportMonth {
  /** `2026-11` */
  id: string;
  from: Date;
  to: Date;
}

const MONTH = /^(2\d{3})-(0[1-9]|1[0-2])$/;

const monthStarting = (year: number, month: number): ReportMonth => {
  const from = new Date(Date.UTC(year, month, 1));
  return {
    id: from.toISOString().slice(0, 7),
    from,
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
};

/** The last month that is over at `now`: the only one whose report may be released for the first time. */
export function lastCompletedMonth(now: Date): ReportMonth {
  return monthStarting(now.getUTCFullYear(), now.getUTCMonth() - 1);
}

/** `2026-11` → that month; null for anything else, or for a month that is not over at `now`. */
export function completedMonth(text: string, now: Date): ReportMonth | null {
  const match = MONTH.exec(text);
  if (!match) return null;
  const month = monthStarting(Number(match[1]), Number(match[2]) - 1);
  return month.to.getTime() <= now.getTime() ? month : null;
}
