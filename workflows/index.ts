/** The workflow bundle's entry point: every workflow type the worker runs. */
export { humanTaskWorkflow } from './human-task/human-task.workflow';
export { marketStrategyWorkflow } from './market-strategy/market-strategy.workflow';
export { hubEventDeliveryWorkflow } from './tmf701-hub/hub-event-delivery.workflow';
