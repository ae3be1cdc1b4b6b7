export { type Config, ConfigError, configKeys, configSchema, loadConfig } from './config.js';
