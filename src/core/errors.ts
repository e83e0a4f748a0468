/**
 * An error caused by what the user typed or clicked. Its message is shown to
 * that user, privately, as is: write it as a sentence that says what was wrong
 * and the right form.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
