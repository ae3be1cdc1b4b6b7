import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_vehicles',
  async up(db) {
    await sql`create schema vehicles`.execute(db);
    await sql`
      create table vehicles.vehicle (
        id uuid primary key default gen_random_uuid(),
        plate_number text not null check (length(plate_number) between 2 and 20),
        plate_colour text not null check (plate_colour in ('blue', 'yellow', 'black', 'white', 'green', 'other')),
        class text not null check (class in ('coach', 'tourist_coach', 'hazardous_goods', 'earthwork', 'concrete_mixer', 'heavy_freight')),
        enterprise_id uuid not null,
        terminal_number text not null unique check (terminal_number ~ '^[1-9][0-9]{0,19}$'),
        sim text check (sim ~ '^[0-9A-Fa-f]{1,20}$'),
        created_by uuid,
        created_at timestamptz not null default now(),
        unique (plate_number, plate_colour)
      )`.execute(db);
    await sql`create index vehicle_enterprise on vehicles.vehicle (enterprise_id)`.execute(db);
    await sql`
      create table vehicles.terminal (
        vehicle_id uuid primary key references vehicles.vehicle (id),
        auth_code_hash text,
        edition text not null check (edition in ('2013', '2019')),
        registration jsonb not null,
        registered_at timestamptz not null,
        authenticated_at timestamptz,
        imei text,
        software_version text
      )`.execute(db);
    // Positions: partitioned by day (China Standard Time) on the terminal's time; the
    // gateway creates partitions ahead and drops those past the retention period.
    await sql`
      create table vehicles.position (
        vehicle_id uuid not null,
        time timestamptz not null,
        received_at timestamptz not null,
        lat double precision not null,
        lng double precision not null,
        altitude integer not null,
        speed_kmh real not null,
        direction smallint not null,
        alarm integer not null,
        status integer not null,
        mileage_km double precision,
        backfill boolean not null,
        items bytea
      ) partition by range (time)`.execute(db);
    await sql`create index position_vehicle_time on vehicles.position (vehicle_id, time)`.execute(db);
    // Positions whose time lies outside every partition (a terminal clock far off,
    // back-fill older than the retention period): stored and acknowledged all the same.
    await sql`create table vehicles.position_outlier (like vehicles.position)`.execute(db);
    await sql`create index position_outlier_vehicle_time on vehicles.position_outlier (vehicle_id, time)`.execute(db);
    await sql`create index position_outlier_received on vehicles.position_outlier (received_at)`.execute(db);
    // Updated in place, once a second per reporting vehicle: room on each page keeps the updates HOT.
    await sql`
      create table vehicles.latest_position (
        vehicle_id uuid primary key,
        time timestamptz not null,
        received_at timestamptz not null,
        lat double precision not null,
        lng double precision not null,
        altitude integer not null,
        speed_kmh real not null,
        direction smallint not null,
        alarm integer not null,
        status integer not null,
        mileage_km double precision
      ) with (fillfactor = 50)`.execute(db);
    await sql`
      create table vehicles.driver_event (
        id uuid primary key default gen_random_uuid(),
        vehicle_id uuid not null references vehicles.vehicle (id),
        event text not null check (event in ('card_inserted', 'card_removed')),
        time timestamptz not null,
        received_at timestamptz not null,
        read_result smallint,
        driver_name text,
        qualification_code text,
        issuing_authority text,
        valid_until text
      )`.execute(db);
    await sql`create index driver_event_vehicle_time on vehicles.driver_event (vehicle_id, time)`.execute(db);
  },
};
