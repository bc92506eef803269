import { ProcessStatus } from '../store/process-status';
import type { ProcessEntity } from '../store/process.entity';
import type { ProcessDto } from './process.dto';

const ECHOED = [
  'channels', 'calldirection', 'agentChannel', 'agentId', 'agentTeam', 'customerId', 'customerInd', 'campaignId',
  'name', 'ANI', 'calltype', 'calltime', 'timezone', 'tag', 'meta', 'predictionmode', 'tasks',
] as const;

/** The wire form of a process: keys never set are left out. */
export function presentProcess(row: ProcessEntity): ProcessDto {
  const view: ProcessDto = {
    pid: row.pid,
    id: row.pid,
    cid: row.cid,
    status: row.status,
    statusmsg: row.statusmsg,
    duration: row.duration,
    datetime: new Date(row.createdAt).toISOString(),
    mode: row.mode,
    source: row.source,
    channels: row.channels,
    calldirection: row.calldirection,
  };
  if (row.status === ProcessStatus.Processing && row.progress !== null) view.progress = row.progress;
  for (const key of ECHOED) {
    const value = row[key];
    if (value !== null && value !== undefined) (view as unknown as Record<string, unknown>)[key] = value;
  }
  return view;
}
