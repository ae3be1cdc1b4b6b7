import type { Kysely } from 'kysely';
import type { Database, Modules } from '../app.js';
import type { Logger } from '../platform/logging/index.js';
import { DEFAULT_DEMO_SEED, DEMO_SIGN_INS, type DemoOptions, generateDemo } from './generate.js';
import { loadHazardDemo } from './hazards.js';
import { loadRiskDemo } from './risks.js';
import { loadRoadZones, loadVehicleDemo } from './vehicles.js';
import { loadVolunteerDemo } from './volunteers.js';

/** The password of every demo sign-in; printed on start. Demo data only. */
export const DEMO_PASSWORD = 'gongzhi-demo';

export class DemoRefusedError extends Error {
  override name = 'DemoRefusedError';
}

/**
 * Loads the generated demo jurisdiction in one transaction: all of it or none.
 * Refuses a database that already holds a jurisdiction, so real data is never
 * mixed with demo data.
 */
export async function loadDemo(
  db: Kysely<Database>,
  modules: Pick<Modules, 'directory' | 'access' | 'audit' | 'risks' | 'hazards'> & Partial<Pick<Modules, 'vehicles' | 'volunteers'>>,
  /** `vehicles`: also register the demo fleet (src/demo/vehicles.ts); needs `modules.vehicles`. */
  options: DemoOptions & { logger?: Logger; vehicles?: boolean } = {},
): Promise<{ areas: number; organisations: number; people: number; accounts: number; vehicles: number }> {
  const started = Date.now();
  const demo = generateDemo(options);
  const { directory, access, audit } = modules;
  const own = <T>(trx: Kysely<Database>) => trx as unknown as Kysely<T>;

  const counts = await db.transaction().execute(async (trx) => {
    if (await directory.hasAnyData(own(trx)))
      throw new DemoRefusedError('the database already holds a jurisdiction; the demo is loaded only into an empty database');
    const areaIds = new Map<string, string>();
    for (const area of demo.areas) {
      const parentId = area.parentKey === null ? null : areaIds.get(area.parentKey);
      if (parentId === undefined) throw new Error(`demo area ${area.key} comes before its parent ${area.parentKey}`);
      areaIds.set(
        area.key,
        await directory.seed.insertArea(own(trx), {
          parentId,
          level: area.level,
          code: area.code,
          name: area.name,
          nameEn: area.nameEn,
          boundary: area.boundary,
        }),
      );
    }
    const areaId = (key: string) => {
      const id = areaIds.get(key);
      if (!id) throw new Error(`demo refers to unknown area ${key}`);
      return id;
    };

    const orgIds = await directory.seed.insertOrganisations(
      own(trx),
      demo.organisations.map((o) => ({
        kind: o.kind,
        name: o.name,
        nameEn: o.nameEn,
        creditCode: o.creditCode,
        department: o.department,
        areaId: areaId(o.areaKey),
        address: o.address,
        lng: o.lng,
        lat: o.lat,
        industryCode: o.industryCode,
        trade: o.trade,
        size: o.size,
        usesHazardousChemicals: o.usesHazardousChemicals,
      })),
    );
    const orgByKey = new Map(demo.organisations.map((o, i) => [o.key, orgIds[i] as string]));
    const orgId = (key: string) => {
      const id = orgByKey.get(key);
      if (!id) throw new Error(`demo refers to unknown organisation ${key}`);
      return id;
    };
    await directory.seed.insertGroupMembers(
      own(trx),
      demo.organisations.flatMap((g) =>
        g.memberKeys.map((m) => ({ groupId: orgId(g.key), enterpriseId: orgId(m), isLead: m === g.leadKey })),
      ),
    );

    const personIds = await directory.seed.insertPersons(
      own(trx),
      demo.people.map((p) => p.name),
    );
    const people = demo.people.map((p, i) => ({ ...p, id: personIds[i] as string }));
    await access.createGrants(
      people.flatMap((p) =>
        p.grants.map((g) => ({
          personId: p.id,
          role: g.role,
          organisationId: orgId(g.organisationKey),
          areaId: g.areaKey ? areaId(g.areaKey) : null,
        })),
      ),
      own(trx),
    );
    const withAccounts = people.filter((p): p is typeof p & { username: string } => p.username !== null);
    await access.createAccounts(
      withAccounts.map((p) => ({ personId: p.id, username: p.username, password: DEMO_PASSWORD })),
      own(trx),
    );
    // Risk registers of the enterprises (risk points, assessments, control measures), in bulk.
    const registers = await loadRiskDemo(own(trx), modules.risks, demo, orgId, {
      seed: options.seed ?? DEFAULT_DEMO_SEED,
      now: new Date(),
    });
    // Hazards over the last two years in every state (~50,000 per scale unit), in bulk, with the read model built.
    const hazardCounts = await loadHazardDemo(
      trx,
      modules.hazards,
      demo,
      { area: areaId, organisation: orgId },
      {
        seed: options.seed ?? DEFAULT_DEMO_SEED,
        scale: options.scale ?? 1,
        now: new Date(),
      },
    );
    // Volunteer and grid-worker profiles, and a few recent patrols.
    const volunteerCounts = modules.volunteers
      ? await loadVolunteerDemo(own(trx), modules.volunteers, demo, { person: (i) => personIds[i] as string, area: areaId }, new Date())
      : { volunteers: 0, patrols: 0 };
    // Vehicles of the six monitored classes for the enterprises that run them, in bulk.
    const fleet =
      options.vehicles && modules.vehicles
        ? await loadVehicleDemo(own(trx), modules.vehicles, demo, orgId, {
            seed: options.seed ?? DEFAULT_DEMO_SEED,
            scale: options.scale ?? 1,
          })
        : { vehicles: 0 };
    // The simulator's roads as zones, so its lawful driving raises no speed alarms of the wrong limit.
    const district = demo.areas.find((a) => a.level === 'district');
    if (options.vehicles && modules.vehicles) await loadRoadZones(own(trx), district ? areaId(district.key) : null);
    const counts = {
      areas: demo.areas.length,
      organisations: demo.organisations.length,
      people: demo.people.length,
      accounts: withAccounts.length,
      vehicles: fleet.vehicles,
    };
    const street = demo.areas.find((a) => a.level === 'street');
    await audit.record(trx, {
      actor: { kind: 'system', name: 'demo' },
      action: 'directory.jurisdiction.load_demo',
      target: { type: 'area', id: street ? areaId(street.key) : 'none' },
      after: { ...counts, ...registers, ...hazardCounts, ...volunteerCounts, seed: options.seed ?? null, scale: options.scale ?? 1 },
    });
    return counts;
  });
  options.logger?.info({ ...counts, ms: Date.now() - started }, 'demo jurisdiction loaded');
  return counts;
}

export { DEMO_SIGN_INS };
