/** The shipped topic model, read from disk for tests and the bench (the worker fetches it). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPIC_MODEL_FILE, TopicModel } from '../../lib/search/topic-model';

export const TOPIC_MODEL_PATH = join(import.meta.dirname, '../../public', TOPIC_MODEL_FILE);

let cached: TopicModel | undefined;

export function loadTopicModel(): TopicModel {
  const bytes = readFileSync(TOPIC_MODEL_PATH);
  return (cached ??= TopicModel.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
}
