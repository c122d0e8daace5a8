// The table of sub-commands: each module registers itself on the program. Add a line per command.
import type { Command } from 'commander';
import type { CliIO } from '../main.js';

export type RegisterCommand = (program: Command, io: CliIO) => void;

export const commands: RegisterCommand[] = [];
