/** The one queue of the service: every accepted call becomes one job, its id the pid. */
export const PROCESS_QUEUE = 'process-audio';
export const ANALYSE_JOB = 'analyse';

export interface AnalyseJobData {
  pid: number;
}
