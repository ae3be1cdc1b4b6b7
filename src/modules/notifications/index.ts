export { notificationsMigrations } from './migrations/index.js';
export { logAdapter, type OutboundAdapter, type OutboundMessage } from './notifications.adapters.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export type { Channel, NotificationsTables } from './notifications.tables.js';
export { createNotificationsModule, type Notice, type NotificationsModule } from './notifications.usecases.js';
