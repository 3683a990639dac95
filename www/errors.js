// The one error class a demo throws for a parameter the caller got wrong. It
// lives alone so that demos, back ends and the API can all import it without
// importing each other. Like the errors of the Rust checks, it carries a
// stable `code` and its `args`, so run() results can say what went wrong
// without a script (or a translation) depending on the words.

/** A parameter the caller got wrong; its message names the parameter. */
export class ParamError extends Error {
  constructor(message, code = 'param_invalid', args = {}) {
    super(message);
    this.code = code;
    this.args = args;
  }
}

/** An Error with a stable code: why a run stopped (cancelled, deadline, crashed). */
export const stopped = (message, code, args = {}) => Object.assign(new Error(message), { code, args });
