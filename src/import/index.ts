// flowschema/import: vNext JSON definitions into flowschema definitions, and the round trip back.
export type { ImportDiagnostic, ImportedComponent } from './context.ts';
export { importDefinitions, type ImportInput, type ImportResult } from './import.ts';
export { canonicalJson, differences, normalizeComponent } from './normalize.ts';
export { planImport, readImportInputs, writeImport, type ImportPlan } from './project.ts';
export { roundTrip, type RoundTripEntry, type RoundTripReport } from './round-trip.ts';
