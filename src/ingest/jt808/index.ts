export * from './bytes.js';
export * from './describe.js';
export * from './frame.js';
export * from './gateway.js';
export * from './location.js';
export * from './messages.js';
export * from './reassembly.js';
export * from './splitter.js';
