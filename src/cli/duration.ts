// Go-style durations for flags ("40s", "5m", "1h30m", "250ms"), as upstream's flags take them.
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDuration(v: string, flag: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * unitMs[m[2]];
    matched = re.lastIndex;
  }
  if (!v || matched !== v.length)
    throw new Error(`invalid ${flag} ${JSON.stringify(v)}: want a duration such as 40s, 5m, 1h30m`);
  return total;
}
