/** The JT/T 808 terminal simulator: `startSimulation` drives terminals over TCP along the demo's roads. */
export {
  CLASS_PROFILES,
  DEFAULT_MOTION_OPTIONS,
  DEFAULT_VIOLATION_RATES,
  type MotionOptions,
  type Report,
  VehicleMotion,
  VIOLATION_KINDS,
  type ViolationKind,
  type ViolationRates,
} from './motion.js';
export { buildRoadNetwork, networkZones, pointOnRoad, ROAD_LIMITS, type Road, type RoadKind, type RoadNetwork } from './roads.js';
export { type SimulatedVehicle, type Simulation, type SimulationOptions, type SimulationStats, startSimulation } from './simulation.js';
