import { LineSplitter } from '../../../src/local/lambda/invocation-log';

describe('LineSplitter', () => {
  function split(chunks: string[], maxLineChars?: number): string[] {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), maxLineChars);
    chunks.forEach((chunk) => splitter.push(chunk));
    splitter.flush();
    return lines;
  }

  test('joins lines across chunks, drops \\r before \\n and keeps empty lines', () => {
    expect(split(['a\r\nb', 'c\n\nd'])).toEqual(['a', 'bc', '', 'd']);
  });

  test('cuts a line longer than the limit into pieces, with or without a newline, and loses nothing', () => {
    const lines = split(['x'.repeat(5), 'y'.repeat(6), '\nz'.repeat(2)], 4);
    expect(lines).toEqual(['xxxx', 'xyyy', 'yyy', 'z', 'z']);
  });

  test('keeps at most the limit pending however long a line without a newline grows', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line), 1000);
    for (let i = 0; i < 100; i++) splitter.push('a'.repeat(999));
    expect(lines.length).toBe(99);
    expect(lines.every((line) => line.length === 1000)).toBe(true);
    splitter.flush();
    expect(lines.join('').length).toBe(99_900);
  });
});
