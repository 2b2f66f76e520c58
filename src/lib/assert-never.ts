/** The end of an exhaustive switch: a new member of the union is a compile error here, not a silent fall-through. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
