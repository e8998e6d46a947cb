// The names run and sweep folders are made of, one way for the CLI, the host and the app:
// `<stamp>-<slug>-<random>`.

/**
 * `20250102-130405` in LOCAL time (the clock the user reads), so folder names sort by start time
 * and match what they remember starting. Chosen over UTC, which the app's sweeps used to write.
 */
export function timeStamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** Lower-case a-z0-9 and dashes, for folder names such as run ids ("Élan v2" → "elan-v2"). */
export function slug(name: string, fallback = 'project', max = 40): string {
  const out = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "é" becomes "e"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return out || fallback;
}
