/** Entry point of the workflow test bundle: the production workflows plus test-only harnesses. */
export * from '../../../workflows';
export { approvalHarnessWorkflow } from './approval-harness.workflow';
