/** The host contract: the only part of host/ the renderer may import (no node:* here). */
export * from './api';
export * from './bridge';
export * from './channels';
export * from './bytes';
export * from './http-client';
export * from './ops';
export * from './schemas';
export * from './wire';
