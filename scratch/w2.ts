import { parentPort, workerData } from 'node:worker_threads';
import { RULES } from '../scripts/lib/check/rules/index.ts';
parentPort!.postMessage(RULES.length + ' ' + workerData.m.tables.length);
