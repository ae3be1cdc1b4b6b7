import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/**
 * Drivers on the register, assigned to vehicles; the vehicle's own rule profile
 * (the night-ban relay exemption, an approved route); a change stamp the rule
 * engine polls to pick up edits without a restart.
 */
export const m0002: Migration = {
  id: '0002_drivers',
  async up(db) {
    await sql`
      create table vehicles.driver (
        id uuid primary key default gen_random_uuid(),
        enterprise_id uuid not null,
        name text not null check (length(name) between 1 and 50),
        -- 从业资格证号: what the terminal reads from the driver's IC card in 0x0702.
        qualification_code text not null unique check (qualification_code ~ '^[0-9A-Za-z]{1,20}$'),
        active boolean not null default true,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index driver_enterprise on vehicles.driver (enterprise_id)`.execute(db);
    await sql`
      create table vehicles.vehicle_driver (
        vehicle_id uuid not null references vehicles.vehicle (id),
        driver_id uuid not null references vehicles.driver (id),
        primary key (vehicle_id, driver_id)
      )`.execute(db);
    await sql`create index vehicle_driver_driver on vehicles.vehicle_driver (driver_id)`.execute(db);
    await sql`alter table vehicles.vehicle add column relay_exempt boolean not null default false`.execute(db);
    // An alarms.zone of kind corridor; not a foreign key across modules.
    await sql`alter table vehicles.vehicle add column route_zone_id uuid`.execute(db);
    await sql`alter table vehicles.vehicle add column updated_at timestamptz not null default now()`.execute(db);
    await sql`create index vehicle_updated on vehicles.vehicle (updated_at)`.execute(db);
    // Who drives each vehicle now: its newest card event, read at every start of the rule engine.
    await sql`drop index vehicles.driver_event_vehicle_time`.execute(db);
    await sql`create index driver_event_vehicle_time on vehicles.driver_event (vehicle_id, time desc, received_at desc)`.execute(db);
  },
};
