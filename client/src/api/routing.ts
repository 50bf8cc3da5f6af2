import { http, toQuery } from './http';

export interface SuggestedExecutor {
  id: number;
  code: string;
  name: string;
}

export interface RoutingRule {
  id: number;
  topic: { code: string; name: string };
  district: string | null;
  executor: SuggestedExecutor;
  updatedAt: string;
}

export const routingApi = {
  /** The executor the rules suggest for a topic in a district (the district's own rule wins). */
  suggest: (topic: string, district?: string | null) =>
    http.get<{ executor: SuggestedExecutor | null }>(`/api/routing/suggest${toQuery({ topic, district })}`),
  rules: (topic?: string) => http.get<{ items: RoutingRule[] }>(`/api/routing/rules${toQuery({ topic })}`),
  putRule: (rule: { topicCode: string; district: string | null; executorId: number }) => http.put<RoutingRule>('/api/routing/rules', rule),
  removeRule: (id: number) => http.delete<null>(`/api/routing/rules/${id}`),
};
