import type { BoardDefinition } from './board';
import { ceasefireBoard } from './ceasefire';
import { commitmentsBoard } from './commitments';
import { cooperationBoard } from './cooperation';
import { forcesBoard } from './forces';
import { supportBoard } from './support';

/** Every KPI board, one per guarantee that has KPIs: the runtime feeds, ticks and publishes each alike. */
export const BOARDS: readonly BoardDefinition<object>[] = [ceasefireBoard, supportBoard, forcesBoard, commitmentsBoard, cooperationBoard];
