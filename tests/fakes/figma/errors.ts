/** Errors worded like the ones real Figma throws, so tests see the same messages. */

export function notImplemented(name: string): Error {
  return new Error(`Not implemented in Figma fake: ${name}`);
}

export function nodeDoesNotExist(id: string): Error {
  return new Error(`The node with id "${id}" does not exist`);
}

export function readOnlyProperty(prop: string): TypeError {
  return new TypeError(`Cannot assign to read only property '${prop}' of object '[object Object]'`);
}
