export * from './event.js';
export * from './limits.js';
export * from './usage.js';
export * from './money.js';
