import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ProcessView } from '../../domain/process';

/** Every process answers this query; the API shows it as GET /api/processes/{id}. */
export const getProcessQuery = defineQuery<ProcessView>('getProcess');

/** Sent just before a cancellation request, so the process can record who cancelled it and why. */
export const processCancelRequestSignal = defineSignal<[{ by: string; reason: string }]>('processCancelRequest');
