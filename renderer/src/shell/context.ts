import { createContext, useContext } from 'react';
import type { HostApi } from '../../../host/src/contract';
import type { ProjectController } from '../project/projectController';
import type { EditorActions } from '../store/actions';

export interface AppServices {
  host: HostApi;
  hostKind: 'electron' | 'server';
  projects: ProjectController;
  actions: EditorActions;
}

export const ServicesContext = createContext<AppServices | null>(null);

/** Host, project controller and editor actions for panels (training, runs, data …). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices outside <ServicesContext.Provider>');
  return services;
}
