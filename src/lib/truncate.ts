/** At most `max` characters, an ellipsis marking a cut: for errors and snippets shown to users. */
export const truncate = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
