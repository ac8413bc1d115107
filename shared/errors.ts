/**
 * Errors as they cross postMessage: plain `{name, message}` objects, because an Error's
 * prototype does not survive the structured clone between the sandbox and the iframe.
 */
export interface WireError {
  name: string;
  message: string;
}

export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Checks by `name`, not `instanceof`: objects that crossed a realm lose their class. */
export function isNamedError(value: unknown, name: string): value is WireError {
  return typeof value === 'object' && value !== null && (value as WireError).name === name;
}

export function toWireError(error: unknown): WireError {
  if (typeof error === 'object' && error !== null && typeof (error as WireError).message === 'string') {
    const name = (error as WireError).name;
    return { name: typeof name === 'string' && name ? name : 'Error', message: (error as WireError).message };
  }
  return { name: 'Error', message: String(error) };
}

export function fromWireError(wire: WireError): NamedError {
  return new NamedError(wire.name, wire.message);
}
