/**
 * The PrimeOS model lifecycle states.
 * `uninitialized → initializing → ready ⇄ processing → terminating → terminated`, plus `error`.
 */
export const ModelLifecycleState = {
  Uninitialized: 'uninitialized',
  Initializing: 'initializing',
  Ready: 'ready',
  Processing: 'processing',
  Error: 'error',
  Terminating: 'terminating',
  Terminated: 'terminated',
} as const;

/** One of the {@link ModelLifecycleState} values. */
export type ModelLifecycleState = (typeof ModelLifecycleState)[keyof typeof ModelLifecycleState];
