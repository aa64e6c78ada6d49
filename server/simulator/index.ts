export { startSimulator, type RunningSimulator, type SimulatorOptions, type SimulatorStats } from './server';
export {
  loadSimulatorScript,
  parseSimulatorScript,
  SimulatorScriptError,
  type SimulatedExpert,
  type SimulatorScript,
  type Wire,
  type FailureMode,
} from './script';
