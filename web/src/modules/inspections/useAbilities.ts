import { useQuery } from '../../app/useQuery';
import { inspectionApi } from './inspections.api';

/** What the caller may start here (kinds, authoring, planning, packages), as the server says. */
export function useInspectionAbilities() {
  return useQuery((signal) => inspectionApi.abilities(signal), []);
}
