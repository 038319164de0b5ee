// Tasks and reminders. The console's requests of this feature, in one place.
import type { Task } from '@atiende/contract';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const tasksApi = {
  createTask: (body: unknown) => api<Task>('POST', '/api/tasks', body),
  listTasks: (query: string) => api<Task[]>('GET', `/api/tasks?${query}`),
  updateTask: (taskId: string, body: unknown) => api<Task>('PATCH', `/api/tasks/${taskId}`, body),
};
