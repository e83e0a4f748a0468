/** Time comes in through this port, so tests set it instead of sleeping. */
export interface Clock {
  now(): Date;
}
