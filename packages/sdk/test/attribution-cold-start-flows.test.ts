/** Cold-start attribution (see helpers/cold-start.ts), flows scenarios. */
import { coldStartTests } from './helpers/cold-start.js';

coldStartTests(['streams', 'fanout', 'pool']);
