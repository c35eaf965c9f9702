export { createIncidentTable, type LocalDynamo, startLocalDynamo } from './dynamo.ts';
export { ANY_OPERATION, type Fault, type FaultKind } from './faults.ts';
export type { SentMessage } from './misc-services.ts';
export { type LocalAws, type LocalAwsOptions, type RecordedCall, startLocalAws } from './server.ts';
