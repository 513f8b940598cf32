/** Cold-start attribution (see helpers/cold-start.ts), node scenarios. */
import { coldStartTests } from './helpers/cold-start.js';

coldStartTests(['async', 'http', 'timers', 'emitters']);
