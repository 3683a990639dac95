// The errors a run ends with. They live alone so that demos, back ends and
// the API can all import them without importing each other. Like the errors
// of the Rust checks, each carries a stable `code` and its `args`; its
// message is the catalog's `error.<code>` in the page's language, so run()
// results say what went wrong in words and a script need not depend on them.
import { t } from './i18n.js';

/** A parameter the caller got wrong; its message names the parameter. */
export class ParamError extends Error {
  constructor(code, args = {}) {
    super(t(`error.${code}`, args));
    this.code = code;
    this.args = args;
  }
}

/** An Error with a stable code: why a run stopped (cancelled, deadline, crashed) or failed. */
export const stopped = (code, args = {}) => Object.assign(new Error(t(`error.${code}`, args)), { code, args });

/** `promise`, or after `ms` a rejection with `stopped(code, args)`: waiting on a worker that never answers ends in words. */
export function within(promise, ms, code, args) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(stopped(code, args)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** `info`'s reason in the page's language (it follows a change of language). */
export function reasonWords(info) {
  if (!info?.reason_code) return '';
  const { why_code: code, why_message: message, ...args } = info.reason_args ?? {};
  return t(`reason.${info.reason_code}`, { ...args, why: code ? t(`sw.${code}`, { message }) : '' });
}

/** A failed result's (or row's) words in the page's language, from its code. */
export const errorWords = (result) => (result.error_code ? t(`error.${result.error_code}`, result.error_args ?? {}) : result.error);
