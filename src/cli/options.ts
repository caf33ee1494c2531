import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for integers within [min, max].
 *
 * @param min - smallest accepted value
 * @param max - largest accepted value
 * @returns the parser (throws commander's InvalidArgumentError, a usage error: exit 2)
 */
export function intOption(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}

/**
 * A commander argument parser accepting one of the given words.
 *
 * @param choices - accepted values
 * @returns the parser
 */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    }
    return value as T;
  };
}
