import { DEFAULT_PROB_FLOOR } from '../core/config.js';
import { errors } from '../core/errors.js';
import type { Predictions, ScoreKind } from '../core/predictions.js';
import { open } from 'node:fs/promises';
import { readRecords } from './csv-records.js';
import { readBodyFast } from './fast-body.js';
import { openInput } from './open-input.js';
import { TableBuilder } from './table-builder.js';
import { toPredictions } from './to-predictions.js';

export { parseScore } from './parse-score.js';

export interface ReadOptions {
  /** --label COL */
  label?: string;
  /** --scores: column names or globs like 'logit_*' */
  scores?: readonly string[];
  /** --ignore: names or globs */
  ignore?: readonly string[];
  kind: 'auto' | 'logits' | 'probs';
  /** --positive NAME for binary string labels */
  positive?: string;
  /** Replaces a probability of exactly 0 before taking logs (default DEFAULT_PROB_FLOOR). */
  probFloor: number;
  /** Divide probability rows by their sum even when it is more than 1e-3 away from 1. */
  renormalize: boolean;
}

export interface ReadResult {
  /** Scores in log space (see src/core/predictions.ts). */
  predictions: Predictions;
  /** Path as given (`-` for stdin). */
  file: string;
  labelColumn: string;
  scoreColumns: string[];
  kindDecision: { kind: ScoreKind; how: 'auto' | 'forced'; reason: string };
  /** Rows whose true-class probability was exactly 0 and was replaced by the floor. */
  floorHits: number;
  /** Things to tell the user on stderr. */
  notes: string[];
  /** Problems that did not stop the run. */
  warnings: string[];
}

export const DEFAULT_READ_OPTIONS: ReadOptions = Object.freeze({
  kind: 'auto',
  probFloor: DEFAULT_PROB_FLOOR,
  renormalize: false,
});

/**
 * Reads a prediction CSV (optionally gzipped; `-` for stdin) into `Predictions`. Throws
 * `CalibError` for anything wrong with the file, naming file, line, column and value.
 */
export async function readPredictions(path: string, options: ReadOptions,
  source: { stdin?: NodeJS.ReadableStream; fastPath?: boolean } = {}): Promise<ReadResult> {
  if (!(options.probFloor > 0 && options.probFloor < 1)) {
    throw errors.badOption('--prob-floor', String(options.probFloor), 'a number between 0 and 1 (exclusive)');
  }
  const { table, plan, notes, warnings } = (await readFast(path, options, source.fastPath ?? true)) ?? await readGeneral(path, options, source.stdin);
  const conversion = toPredictions(table, options);
  const unused = options.positive !== undefined && table.width > 1
    ? ['--positive is only used with a single score column; ignored.'] : [];
  return {
    predictions: conversion.predictions,
    file: path,
    labelColumn: plan.labelColumn,
    scoreColumns: [...plan.scoreColumns],
    kindDecision: { ...conversion.kindDecision },
    floorHits: conversion.floorHits,
    notes: [...notes, ...conversion.notes],
    warnings: [...warnings, ...unused],
  };
}

type BuiltTable = ReturnType<TableBuilder['finish']>;

async function readGeneral(path: string, options: ReadOptions, stdin: NodeJS.ReadableStream | undefined): Promise<BuiltTable> {
  const builder = new TableBuilder(path, options);
  await readRecords(path, openInput(path, stdin ?? process.stdin), builder);
  return builder.finish();
}

/**
 * The byte-level fast path (fast-body.ts) for plain, uncompressed files; undefined when it does
 * not apply, so the general path reads the file (and reports any problem in it) instead.
 */
async function readFast(path: string, options: ReadOptions, enabled: boolean): Promise<BuiltTable | undefined> {
  if (!enabled || path === '-' || !(await isPlainFile(path))) return undefined;
  const builder = new TableBuilder(path, options);
  try {
    await readBodyFast(path, builder);
    return builder.finish();
  } catch {
    // Whatever went wrong (a quote, a bad cell, an unreadable file), the general path decides.
    return undefined;
  }
}

/** A regular file that is neither gzip (1f 8b) nor UTF-16 (a BOM, or NUL bytes): the fast path's input. */
async function isPlainFile(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    if (!(await handle.stat()).isFile()) return false;
    const head = Buffer.alloc(1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < 2) return false;
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || head.subarray(0, bytesRead).includes(0);
    return !gzip && !utf16;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}
