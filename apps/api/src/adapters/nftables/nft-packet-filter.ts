import type { PacketFilter } from '../../modules/vm/vm.ports.js';
import type { ProcessRunner } from '../process/process-runner.js';

/**
 * The host's nftables, through `nft`. A ruleset goes in on stdin as one
 * transaction (all of it or nothing); Hostbay touches only its own table.
 */
export class NftPacketFilter implements PacketFilter {
  /** `runner` may run nft somewhere else, e.g. inside a test's network namespace. */
  constructor(private readonly runner: ProcessRunner) {}

  async load(ruleset: string): Promise<void> {
    await this.runner.runChecked(['nft', '-f', '-'], { input: ruleset, timeoutMs: 30_000 });
  }

  async removeTable(table: string): Promise<void> {
    const result = await this.runner.run(['nft', 'delete', 'table', 'inet', table], { timeoutMs: 30_000 });
    // A table that is not there is what removing wants.
    if (result.exitCode !== 0 && !/No such file or directory/.test(result.stderr)) {
      await this.runner.runChecked(['nft', 'delete', 'table', 'inet', table], { timeoutMs: 30_000 });
    }
  }

  async hasTable(table: string): Promise<boolean> {
    return (await this.runner.run(['nft', 'list', 'table', 'inet', table], { timeoutMs: 30_000 })).exitCode === 0;
  }
}
