/**
 * Topic vectors: where a paper sits among the subjects of ML research, as a few dozen numbers.
 *
 * The compact term vectors behind "related" keep each paper's 48 most distinctive words, which
 * finds papers on the same specific thing but misses papers on the same subject told in other
 * words. A topic model trained offline (scripts/build-topic-model.ts: latent semantic analysis of
 * ~8.5k arXiv ML abstracts) maps every word of a paper's title and abstract, not only the kept
 * ones, to a shared low-dimensional space. Mixed into the cosine it lifted nDCG@10 above
 * exhaustive TF-IDF (bench/README.md). Shipped as public/topic-model.bin and fetched by the
 * worker when the related index first loads.
 *
 * File layout (little-endian): "GLTM", u32 model id, u32 terms, u32 dims, u32 byte length of
 * the terms (UTF-8, '\n'-separated), the terms, zero padding to 4 bytes, then f32 idf per term,
 * f32 scale per term, and i8 weights (terms × dims, row by row; weight = i8 × scale).
 */
import { tokenize } from './tokenize';

export const TOPIC_MODEL_FILE = 'topic-model.bin';
const MAGIC = 0x4d544c47; // "GLTM"
const HEADER = 20;

export interface TopicText {
  title: string;
  abstract?: string;
}

export class TopicModel {
  private readonly rows: Map<string, number>;

  private constructor(
    /** Changes whenever the model is retrained: stored topic vectors of another id are recomputed. */
    readonly id: number,
    readonly dims: number,
    readonly terms: string[],
    private readonly idf: Float32Array,
    private readonly scales: Float32Array,
    private readonly weights: Int8Array,
  ) {
    this.rows = new Map(terms.map((t, i) => [t, i]));
  }

  /** Reads a model file; throws a plain error on anything that is not one. */
  static parse(buffer: ArrayBuffer): TopicModel {
    const fail = (why: string): never => {
      throw new Error(`The topic model file is damaged (${why}).`);
    };
    if (buffer.byteLength < HEADER) fail('too short');
    const head = new DataView(buffer, 0, HEADER);
    if (head.getUint32(0, true) !== MAGIC) fail('not a Gloss topic model');
    const id = head.getUint32(4, true);
    const count = head.getUint32(8, true);
    const dims = head.getUint32(12, true);
    const textBytes = head.getUint32(16, true);
    const floats = HEADER + Math.ceil(textBytes / 4) * 4;
    if (dims === 0 || buffer.byteLength !== floats + count * 8 + count * dims) fail('wrong length');
    const terms = new TextDecoder().decode(new Uint8Array(buffer, HEADER, textBytes)).split('\n');
    if (terms.length !== count) fail('term count');
    return new TopicModel(
      id,
      dims,
      terms,
      new Float32Array(buffer, floats, count),
      new Float32Array(buffer, floats + count * 4, count),
      new Int8Array(buffer, floats + count * 8, count * dims),
    );
  }

  /** Writes a model file (scripts/build-topic-model.ts); `weights` is terms × dims, row by row. */
  static serialize(id: number, terms: string[], idf: ArrayLike<number>, weights: Float32Array, dims: number): ArrayBuffer {
    const text = new TextEncoder().encode(terms.join('\n'));
    const floats = HEADER + Math.ceil(text.length / 4) * 4;
    const buffer = new ArrayBuffer(floats + terms.length * 8 + terms.length * dims);
    const head = new DataView(buffer, 0, HEADER);
    [MAGIC, id, terms.length, dims, text.length].forEach((x, i) => head.setUint32(i * 4, x, true));
    new Uint8Array(buffer, HEADER, text.length).set(text);
    new Float32Array(buffer, floats, terms.length).set(idf);
    const scales = new Float32Array(buffer, floats + terms.length * 4, terms.length);
    const q = new Int8Array(buffer, floats + terms.length * 8, terms.length * dims);
    for (let r = 0; r < terms.length; r++) {
      const row = weights.subarray(r * dims, (r + 1) * dims);
      const max = row.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      scales[r] = max / 127;
      for (let k = 0; k < dims; k++) q[r * dims + k] = max ? Math.round((row[k] / max) * 127) : 0;
    }
    return buffer;
  }

  /**
   * A paper's topic vector from every known word of its title and abstract (tf-idf weighted, as
   * in training), quantized to bytes: cosines of these differ from the full-precision ones by
   * well under the gaps that decide a ranking (bench/README.md). Undefined when no word is known.
   */
  embed(src: TopicText): Int8Array | undefined {
    const counts = new Map<number, number>();
    for (const t of tokenize(`${src.title} ${src.abstract ?? ''}`)) {
      const r = this.rows.get(t);
      if (r !== undefined) counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    if (!counts.size) return undefined;
    const { dims, weights, scales, idf } = this;
    const out = new Float64Array(dims);
    for (const [r, c] of counts) {
      const w = (1 + Math.log(c)) * idf[r] * scales[r];
      for (let k = 0, o = r * dims; k < dims; k++) out[k] += w * weights[o + k];
    }
    const max = out.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    if (!max) return undefined;
    return Int8Array.from(out, (x) => Math.round((x / max) * 127));
  }
}

/** Length of a topic vector, for cosines. */
export function topicNorm(v: Int8Array): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s) || 1;
}
