export { notificationsMigrations } from './migrations/index.js';
export {
  type ContactResolver,
  logAdapter,
  type OutboundAdapter,
  type OutboundMessage,
  smtpAdapter,
  UndeliverableError,
} from './notifications.adapters.js';
export { type ContactLookups, createContactResolver } from './notifications.contacts.js';
export { registerNotificationRoutes } from './notifications.routes.js';
export { type AliyunSmsOptions, aliyunSmsAdapter } from './notifications.sms-aliyun.js';
export type { Channel, NotificationsTables } from './notifications.tables.js';
export { createNotificationsModule, type Notice, type NotificationsModule } from './notifications.usecases.js';
