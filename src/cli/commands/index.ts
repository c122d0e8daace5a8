// The table of sub-commands: each module registers itself on the program. Add a line per command.
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerValidate } from './validate.js';
import { registerApigw } from './apigw.js';
import { registerTrace } from './trace.js';
import { registerDemo } from './demo.js';
import { registerGenerate } from './generate.js';
import { registerList } from './list.js';
import { registerMonteCarlo } from './montecarlo.js';
import { registerPlayground } from './playground.js';
import { registerFlowLogs } from './flowlogs.js';
import { registerMatrix } from './matrix.js';
import { registerDiff } from './diff.js';
import { registerCheck } from './check.js';
import { registerWorker } from './worker.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [
  registerValidate,
  registerApigw,
  registerTrace,
  registerList,
  registerDemo,
  registerGenerate,
  registerMonteCarlo,
  registerPlayground,
  registerFlowLogs,
  registerMatrix,
  registerDiff,
  registerCheck,
  registerWorker,
];
