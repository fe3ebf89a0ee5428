// Durations and instants as a person reads them: "expired 4 years 9 months ago", "2026-01-15 10:05:00".
// The same wording as the CLI (src/bin/saml-edge/human.rs): the two largest units that are not
// zero, in a row; a year is 365.2425 days and a month a twelfth of it.

const UNITS = [
  [31_556_952, 'year', 'years'],
  [2_629_746, 'month', 'months'],
  [86_400, 'day', 'days'],
  [3_600, 'hour', 'hours'],
  [60, 'minute', 'minutes'],
  [1, 'second', 'seconds'],
];

/** "4 years 9 months", "3 minutes 20 seconds", "0 seconds" (the sign is ignored). */
export function duration(ms) {
  let rest = Math.floor(Math.abs(ms) / 1000);
  const parts = [];
  for (const [size, one, many] of UNITS) {
    const n = Math.floor(rest / size);
    if (n === 0 && parts.length) break;
    if (n > 0) {
      parts.push(`${n} ${n === 1 ? one : many}`);
      rest -= n * size;
      if (parts.length === 2) break;
    }
  }
  return parts.length ? parts.join(' ') : '0 seconds';
}

/** A window edge against now: "starts in 5 minutes", "began 2 hours ago", "ends in …", "expired … ago". */
export function relative(atMs, nowMs, isStart) {
  const d = duration(atMs - nowMs);
  const future = atMs > nowMs;
  if (isStart) return future ? `starts in ${d}` : `began ${d} ago`;
  return future ? `ends in ${d}` : `expired ${d} ago`;
}

/** "2026-01-15 10:05:00" (UTC). */
export const dateTime = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
