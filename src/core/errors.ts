/**
 * An error caused by what the user typed or clicked. Its message is shown to
 * that user, privately, as is: write it as a sentence that says what was wrong
 * and the right form.
 */
/**
 * The durable inbox entry being handled was finished by another process (a
 * replica recovering it, or the live one): this transaction's effect is rolled
 * back so it is applied once.
 */
export class AlreadyHandled extends Error {
  constructor() {
    super('this interaction was already handled');
    this.name = 'AlreadyHandled';
  }
}

export class UserError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
