import type { Kysely } from 'kysely';
import type { Modules } from '../app.js';
import type { VolunteersTables } from '../modules/volunteers/index.js';
import { SKILLS } from '../modules/volunteers/index.js';
import type { DemoJurisdiction } from './generate.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Volunteer profiles for the demo's volunteers and grid workers (skills in a fixed pattern), and a few patrols of
 * the last week by the first volunteers. The demo sign-ins start with no patrols, so their screens begin empty.
 */
export async function loadVolunteerDemo(
  trx: Kysely<VolunteersTables>,
  volunteers: Pick<Modules['volunteers'], 'seed'>,
  demo: DemoJurisdiction,
  ids: { person: (index: number) => string; area: (key: string) => string },
  now: Date,
): Promise<{ volunteers: number; patrols: number }> {
  const parentOf = new Map(demo.areas.map((a) => [a.key, a.parentKey]));
  const pathOf = (key: string): string[] => {
    const path: string[] = [];
    for (let k: string | null | undefined = key; k; k = parentOf.get(k)) path.push(ids.area(k));
    return path;
  };
  const profiles = demo.people.flatMap((p, i) => {
    const grant = p.grants.find((g) => (g.role === 'volunteer' || g.role === 'grid_worker') && g.areaKey);
    if (!grant?.areaKey) return [];
    const skills = [SKILLS[i % SKILLS.length], SKILLS[(i * 3 + 1) % SKILLS.length]].filter(
      (s, k, all): s is (typeof SKILLS)[number] => s !== undefined && all.indexOf(s) === k,
    );
    return [
      {
        index: i,
        username: p.username,
        personId: ids.person(i),
        role: grant.role as 'volunteer' | 'grid_worker',
        areaId: ids.area(grant.areaKey),
        areaPath: pathOf(grant.areaKey),
        skills,
        at: new Date(now.getTime() - (30 + (i % 200)) * DAY),
      },
    ];
  });
  await volunteers.seed.insertProfiles(trx, profiles);
  // Three morning patrols (09:00 Beijing time, an hour to two and a half) on the last three days, by the first volunteers.
  const today = Date.parse(`${new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T01:00:00Z`);
  const patrols = profiles
    .filter((p) => p.role === 'volunteer' && p.username === null)
    .slice(0, 16)
    .flatMap((p, k) =>
      [1, 2, 3].map((daysAgo) => {
        const startedAt = new Date(today - daysAgo * DAY);
        const minutes = 60 + ((k * 37 + daysAgo * 23) % 91);
        return {
          personId: p.personId,
          areaId: p.areaId,
          areaPath: p.areaPath,
          startedAt,
          endedAt: new Date(startedAt.getTime() + minutes * MINUTE),
          note: '沿街巡查消防通道和电动车充电',
        };
      }),
    );
  await volunteers.seed.insertPatrols(trx, patrols);
  return { volunteers: profiles.length, patrols: patrols.length };
}
