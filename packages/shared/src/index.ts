export * from './event.js';
export * from './usage.js';
