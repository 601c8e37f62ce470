/**
 * The drain of `drain-alone.ts` in a process of its own, started by the lifecycle block once its
 * own cloud has stopped: the handlers' SDK clients (`documentClient`, the relay's EventBridge
 * client) are made once per process with the first cloud's endpoints, so a second cloud in the
 * same process would be written to through the first one's closed ports.
 *
 *   drain-alone-main.ts <out.json> <tasks> <workers>
 */
import '../../local/cloud/quiet-sdk-notice';
import '../../local/cloud/xray-manual-mode';
import { writeFileSync } from 'node:fs';
import { benchCloud } from './cloud';
import { companyOf } from './company';
import { drainEachAlone } from './drain-alone';
import { WriteShapeRecorder } from './write-shape';

const [out, tasks, workers] = process.argv.slice(2) as [string, string, string];
const recorder = new WriteShapeRecorder();
const { cloud, call, tokens } = await benchCloud();
try {
  const company = await companyOf({
    cloud,
    call,
    adminToken: tokens.admin,
    workers: Number(workers),
  });
  const drained = await drainEachAlone({
    cloud,
    call,
    tasks: Number(tasks),
    managerToken: tokens.manager,
    people: company.people,
    recorder,
  });
  writeFileSync(out, JSON.stringify(drained));
} finally {
  await cloud.stop();
}
// Handlers keep SDK sockets and timers alive; the drain is over.
process.exit(0);
