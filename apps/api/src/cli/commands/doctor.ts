import { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { runDoctorChecks } from '../doctor-checks.js';
import { NodeProcessRunner } from '../../adapters/process/process-runner.js';
import { out } from '../output.js';

async function doctor(): Promise<void> {
  const config = await loadConfig();
  const results = await runDoctorChecks(config, new NodeProcessRunner());
  for (const result of results) {
    const mark = result.ok ? 'ok  ' : result.optional ? 'warn' : 'FAIL';
    out.info(`${mark}  ${result.name}: ${result.detail}`);
    if (!result.ok && result.fix) out.info(`      fix: ${result.fix}`);
  }
  const failed = results.filter((r) => !r.ok && !r.optional);
  out.info(failed.length ? `\n${failed.length} problem(s) to fix.` : '\nHostbay can run here.');
  if (failed.length) process.exitCode = 1;
}

export const doctorCommand = new Command('doctor')
  .description('check this host and say exactly what is missing')
  .action(doctor);
