/** Process states as the Oliver contract numbers them. */
export enum ProcessStatus {
  Pending = 0,
  Processing = 1,
  Completed = 2,
  FailedForNow = -1,
  Aborted = -2,
}

export const STATUS_MESSAGES = {
  [ProcessStatus.Pending]: 'Pending',
  [ProcessStatus.Processing]: 'Processing',
  [ProcessStatus.Completed]: 'Processing Complete',
} as const;

/** How the audio of a process arrived. */
export enum ProcessMode {
  Url = 1,
  Upload = 2,
}
