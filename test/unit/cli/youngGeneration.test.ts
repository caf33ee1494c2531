import { youngGenerationOf } from '../../../src/cli/youngGeneration.js';

describe('youngGenerationOf', () => {
  test('pipeline run keeps the young generation fixed unless asked to let it grow', () => {
    expect(youngGenerationOf(['pipeline', 'run', 'g.json'])).toBe('fixed');
    expect(youngGenerationOf(['pipeline', 'run', 'g.json', '--young-generation', 'growing'])).toBe('growing');
    expect(youngGenerationOf(['pipeline', 'run', '--young-generation=growing', 'g.json'])).toBe('growing');
    expect(youngGenerationOf(['pipeline', 'run', 'g.json', '--young-generation', 'fixed'])).toBe('fixed');
  });

  test("other commands keep V8's default, and arguments after -- are not options", () => {
    expect(youngGenerationOf(['factor', 'in.txt'])).toBeUndefined();
    expect(youngGenerationOf(['pipeline', 'validate', 'g.json'])).toBeUndefined();
    expect(youngGenerationOf([])).toBeUndefined();
    expect(youngGenerationOf(['pipeline', 'run', '--', '--young-generation', 'growing'])).toBe('fixed');
  });
});
