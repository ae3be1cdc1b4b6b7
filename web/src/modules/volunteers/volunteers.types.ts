/** The volunteer register's wire types (see src/modules/volunteers/volunteers.schemas.ts). */
export const SKILLS = ['first_aid', 'fire_safety', 'electrical', 'gas', 'construction', 'hazardous_chemicals', 'traffic', 'other'] as const;
export type Skill = (typeof SKILLS)[number];
export type FieldRole = 'volunteer' | 'grid_worker';
export type VolunteerStatus = 'active' | 'suspended';
export type ApplicationStatus = 'pending' | 'approved' | 'declined';
export type ActivityKind = 'work' | 'training';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export interface Catalogue {
  skills: { code: Skill; name: Bilingual }[];
  areas: { id: string; name: string; nameEn: string | null; level: 'community' | 'grid'; parentName: string | null }[];
}

export interface Figures {
  points: { reports: number; patrols: number; training: number; total: number };
  hours: { patrolMinutes: number; workHours: number; trainingHours: number; totalHours: number };
  patrols: number;
  reportsFiled: number;
  verifiedReports: number;
}

export interface Volunteer {
  personId: string;
  name: string;
  role: FieldRole;
  areaId: string;
  areaName?: string;
  skills: Skill[];
  status: VolunteerStatus;
  registeredAt: string;
  figures: Figures;
  abilities: { manage: boolean };
}

export interface Application {
  id: string;
  name: string;
  phone: string;
  areaId: string;
  skills: Skill[];
  note: string | null;
  status: ApplicationStatus;
  submittedAt: string;
  decidedAt: string | null;
  declineReason: string | null;
  personId: string | null;
  abilities: { decide: boolean };
}

export type Finding = { reportCode: string } | { text: string };

export interface Patrol {
  id: string;
  personId: string;
  areaId: string;
  startedAt: string;
  endedAt: string;
  minutes: number;
  route: { type: 'LineString'; coordinates: [number, number][] } | null;
  note: string | null;
  findings: Finding[];
  name?: string;
}

export interface Mine {
  personId: string;
  name: string;
  role: FieldRole;
  areaId: string | null;
  status: VolunteerStatus;
  registered: boolean;
  skills: Skill[];
  period: { from: string; to: string };
  figures: Figures;
  patrols: Patrol[];
}

export interface NewPatrol {
  startedAt: string;
  endedAt: string;
  route?: { type: 'LineString'; coordinates: [number, number][] } | null;
  note?: string | null;
  findings?: Finding[];
}

export interface RankingRow {
  rank: number;
  personId: string;
  name: string;
  points: number;
  hours: number;
  verifiedReports: number;
  patrols: number;
  me: boolean;
}

export interface Ranking {
  areaId: string;
  areaName: string;
  period: { from: string; to: string };
  items: RankingRow[];
}

export interface PointsRule {
  rule: { verifiedReport: number; hazardReport: number; patrolPerFullHour: number; patrolDailyCap: number; trainingPerFullHour: number };
  text: Record<string, Bilingual>;
}

export interface MyReport {
  code: string;
  filedAt: string;
  status: string;
  points: number;
}
