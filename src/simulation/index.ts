// Simulation of the complaint process on virtual time with the real desk.
export { simulate } from './simulate.js';
export {
  simulationOptionsSchema,
  distributionSchema,
  staffRoles,
  handlingSteps,
  probabilityNames,
  type SimulationOptions,
  type SimulationWatcher,
  type NormalisedSimulationOptions,
  type RoleStaffing,
  type StaffRole,
  type HandlingStep,
  type ProbabilityName,
} from './options.js';
export type { Distribution } from './random.js';
export { openStages, type OpenStage } from './observer.js';
export type { SimulationResult } from './result.js';
