import { readFileSync } from 'fs';
import { DeployError } from './resource-provider';

/** Reads and parses a JSON file of the cloud assembly; errors name the file and what it is. */
export function readJsonFile<T>(file: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeployError(`${file}: cannot read the ${what}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new DeployError(`${file}: the ${what} is not valid JSON: ${(error as Error).message}`);
  }
}
