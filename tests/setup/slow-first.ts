/**
 * Starts the slowest test files first, so that no long file runs alone at the end while the other
 * worker idles. Vitest orders by the durations of the last run when it has them
 * (node_modules/.vite); on a fresh machine (CI) it would order by file size, which puts the
 * short-but-slow sampling files last. The list is the slowest files of a measured run, slowest
 * first; the others follow in Vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SLOWEST = [
  'tests/e2e/crash-windows.test.ts',
  'tests/e2e/crash-windows-build.test.ts',
  'tests/e2e/kill-trials.test.ts',
  'tests/e2e/stamp.test.ts',
  'tests/e2e/hostile-parsers.test.ts',
  'tests/unit/app/dossier-language.test.ts',
  'tests/e2e/family.test.ts',
  'tests/e2e/add-chats.test.ts',
  'tests/e2e/chat-formats-pdf.test.ts',
  'tests/e2e/hostile-corpus.test.ts',
  'tests/e2e/batch-json.test.ts',
  'tests/e2e/dossier-pair.test.ts',
  'tests/e2e/batch.test.ts',
  'tests/e2e/hostile-outputs.test.ts',
  'tests/e2e/build-verify.test.ts',
  'tests/e2e/init-add-verify.test.ts',
];

export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = SLOWEST.findIndex((path) => file.moduleId.endsWith(path));
      return index < 0 ? SLOWEST.length : index;
    };
    // Array.prototype.sort is stable: the files off the list keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
