// The one error class a demo throws for a parameter the caller got wrong. It
// lives alone so that demos, back ends and the API can all import it without
// importing each other.

/** A parameter the caller got wrong; its message names the parameter. */
export class ParamError extends Error {}
