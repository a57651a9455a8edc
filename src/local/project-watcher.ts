import * as fs from 'fs';
import * as path from 'path';

/** What `cdk watch` watches: cdk.json's `watch.include` and `watch.exclude`, relative to the project. */
export interface WatchPatterns {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/**
 * The patterns of cdk.json's `watch` block, as the CDK CLI reads them: `include` defaults to
 * `**`; the output folder, dot files and folders and `node_modules` are always excluded.
 * https://docs.aws.amazon.com/cdk/v2/guide/ref-cli-cmd-watch.html
 */
export function watchPatterns(watch: unknown, outputDir: string): WatchPatterns {
  const block = typeof watch === 'object' && watch !== null ? watch as Record<string, unknown> : {};
  const list = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.map(String) : []);
  const include = list(block.include);
  return {
    include: include.length > 0 ? include : ['**'],
    exclude: [...list(block.exclude), `${outputDir}/**`, outputDir, '**/.*', '**/.*/**', '**/node_modules/**', 'node_modules'],
  };
}

/** A glob as the CDK CLI's watch patterns use them (`**`, `*`, `?`), matched against a path relative to the project. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` is any number of folders, a trailing `**` anything below.
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** A running watcher; `close()` stops it. */
export interface ProjectWatcher {
  close(): void;
}

/**
 * Watches the project for changes to the files the patterns select and calls `onChange` once
 * per burst of changes (`debounceMs` after the last), with the paths changed. Excluded top-level
 * folders (node_modules, the output folder) are not watched at all, so a large node_modules
 * costs nothing.
 */
export function watchProject(
  projectDir: string, patterns: WatchPatterns, onChange: (changed: string[]) => void, debounceMs = 150,
): ProjectWatcher {
  const include = patterns.include.map(globToRegExp);
  const exclude = patterns.exclude.map(globToRegExp);
  const selected = (relative: string) => include.some((re) => re.test(relative)) && !exclude.some((re) => re.test(relative));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const noticed = (relative: string) => {
    if (!selected(relative)) return;
    changed.add(relative);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = [...changed];
      changed.clear();
      onChange(paths);
    }, debounceMs);
  };

  const watchers: fs.FSWatcher[] = [];
  // The project folder itself for its files, and each folder at its top that is not excluded, recursively.
  watchers.push(fs.watch(projectDir, (_event, file) => {
    if (file && !isDirectory(path.join(projectDir, file))) noticed(file.toString());
  }));
  for (const entry of fs.readdirSync(projectDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || exclude.some((re) => re.test(entry.name) || re.test(`${entry.name}/`))) continue;
    watchers.push(fs.watch(path.join(projectDir, entry.name), { recursive: true }, (_event, file) => {
      if (file) noticed(`${entry.name}/${file.toString()}`);
    }));
  }
  return {
    close: () => {
      clearTimeout(timer);
      watchers.forEach((watcher) => watcher.close());
    },
  };
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
